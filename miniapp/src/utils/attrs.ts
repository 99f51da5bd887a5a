/**
 * A boolean attribute that is either on or absent. Taro's H5 components write
 * `disabled={false}` into the DOM as `disabled="false"`, and their stylesheet matches
 * `[disabled]`, so a usable button would look disabled. Use `disabled={flag(busy)}`.
 */
export function flag(on: boolean): true | undefined {
  return on ? true : undefined;
}

/**
 * `disabled` for a button whose state others read: Taro's H5 button is a custom element
 * (`taro-button-core`), so browsers, screen readers and Playwright's `isDisabled()` ignore its
 * `disabled` attribute; `role="button"` with `aria-disabled` says it in a way they all read.
 */
export function buttonDisabled(on: boolean): { disabled: true | undefined; role: 'button'; 'aria-disabled': boolean } {
  return { disabled: flag(on), role: 'button', 'aria-disabled': on };
}
