export default definePageConfig({
  navigationBarTitleText: '团体设置',
});
