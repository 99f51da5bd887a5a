export default definePageConfig({
  navigationBarTitleText: '登记机关设置',
});
