export default definePageConfig({
  navigationBarTitleText: '冲突记录合并',
});
