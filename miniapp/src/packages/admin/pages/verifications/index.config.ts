export default definePageConfig({
  navigationBarTitleText: '人工认证',
});
