export default definePageConfig({
  navigationBarTitleText: '志愿团体注册',
});
