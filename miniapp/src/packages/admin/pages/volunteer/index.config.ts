export default definePageConfig({
  navigationBarTitleText: '志愿者详情',
});
