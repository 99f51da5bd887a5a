/**
 * A boolean attribute that is either on or absent. Taro's H5 components write
 * `disabled={false}` into the DOM as `disabled="false"`, and their stylesheet matches
 * `[disabled]`, so a usable button would look disabled. Use `disabled={flag(busy)}`.
 */
export function flag(on: boolean): true | undefined {
  return on ? true : undefined;
}
