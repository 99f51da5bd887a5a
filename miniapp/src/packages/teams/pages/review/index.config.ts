export default definePageConfig({
  navigationBarTitleText: '审核志愿团体',
});
