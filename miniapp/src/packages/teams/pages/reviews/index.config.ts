export default definePageConfig({
  navigationBarTitleText: '团体审核',
});
