export default defineAppConfig({
  pages: ['pages/index/index', 'pages/projects/index', 'pages/teams/index', 'pages/mine/index'],
  subPackages: [
    {
      // 账号：登录、注册
      root: 'packages/accounts',
      pages: ['pages/login/index', 'pages/register/index', 'pages/forgot/index'],
    },
    {
      // 志愿者：志愿者卡、修改资料（实名认证）
      root: 'packages/volunteer',
      pages: ['pages/card/index', 'pages/profile/index'],
    },
    {
      // 管理部门：人工认证、志愿者查询、数据导入、冲突记录合并、登记机关设置
      root: 'packages/admin',
      pages: [
        'pages/index/index',
        'pages/verifications/index',
        'pages/volunteer/index',
        'pages/volunteers/index',
        'pages/import/index',
        'pages/conflicts/index',
        'pages/authority/index',
      ],
    },
    {
      // 志愿团体：注册、主页、我的团队、团体设置、成员、加入申请、团体审核
      root: 'packages/teams',
      pages: [
        'pages/detail/index',
        'pages/register/index',
        'pages/mine/index',
        'pages/settings/index',
        'pages/members/index',
        'pages/join-requests/index',
        'pages/reviews/index',
        'pages/review/index',
      ],
    },
  ],
  window: {
    backgroundTextStyle: 'light',
    backgroundColor: '#f5f6f7',
    navigationBarBackgroundColor: '#c8232c',
    navigationBarTitleText: '志愿',
    navigationBarTextStyle: 'white',
  },
  tabBar: {
    color: '#8a8a8a',
    selectedColor: '#c8232c',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      {
        pagePath: 'pages/index/index',
        text: '首页',
        iconPath: 'assets/tabbar/home.png',
        selectedIconPath: 'assets/tabbar/home-active.png',
      },
      {
        pagePath: 'pages/projects/index',
        text: '项目',
        iconPath: 'assets/tabbar/projects.png',
        selectedIconPath: 'assets/tabbar/projects-active.png',
      },
      {
        pagePath: 'pages/teams/index',
        text: '志愿团体',
        iconPath: 'assets/tabbar/teams.png',
        selectedIconPath: 'assets/tabbar/teams-active.png',
      },
      {
        pagePath: 'pages/mine/index',
        text: '我的',
        iconPath: 'assets/tabbar/mine.png',
        selectedIconPath: 'assets/tabbar/mine-active.png',
      },
    ],
  },
});
