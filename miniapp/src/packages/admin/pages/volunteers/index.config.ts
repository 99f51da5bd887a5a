export default definePageConfig({
  navigationBarTitleText: '志愿者查询',
});
