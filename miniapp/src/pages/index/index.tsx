import { useState } from 'react';
import Taro, { useDidShow } from '@tarojs/taro';
import { Button, Text, View } from '@tarojs/components';
import { isSignedIn } from '@/services/token';
import { ROUTES } from '@/routes';

import './index.scss';

const FEATURES = [
  { title: '志愿者注册', text: '注册账号，登记志愿者信息，个人信息依《志愿服务条例》妥善保护。' },
  { title: '项目招募', text: '志愿团体发布志愿服务项目，志愿者按地区和时间报名参加。' },
  { title: '时长记录', text: '如实记录志愿服务时长，可查询和出具志愿服务记录证明。' },
];

export default function Index() {
  const [signedIn, setSignedIn] = useState(isSignedIn);
  useDidShow(() => setSignedIn(isSignedIn()));

  return (
    <View className="home">
      <View className="home__hero">
        <Text className="home__title">志愿</Text>
        <Text className="home__subtitle">志愿服务信息系统</Text>
        <Text className="home__intro">
          为志愿者、志愿团体和志愿服务管理部门提供注册、项目招募和服务记录的一站式服务。
        </Text>
      </View>

      <View className="home__features">
        {FEATURES.map((f) => (
          <View key={f.title} className="home__feature">
            <Text className="home__feature-title">{f.title}</Text>
            <Text className="home__feature-text">{f.text}</Text>
          </View>
        ))}
      </View>

      <View className="home__actions">
        {signedIn ? (
          <Button id="home-mine" className="btn btn-primary" onClick={() => void Taro.switchTab({ url: ROUTES.mine })}>
            进入我的
          </Button>
        ) : (
          <>
            <Button
              id="home-register"
              className="btn btn-primary"
              onClick={() => void Taro.navigateTo({ url: ROUTES.register })}
            >
              注册成为志愿者
            </Button>
            <Button
              id="home-login"
              className="btn btn-plain"
              onClick={() => void Taro.navigateTo({ url: ROUTES.login })}
            >
              已有账号，登录
            </Button>
          </>
        )}
        <View className="home__links">
          <Text className="home__link" onClick={() => void Taro.switchTab({ url: ROUTES.projects })}>
            浏览志愿服务项目
          </Text>
          <Text className="home__link" onClick={() => void Taro.switchTab({ url: ROUTES.teams })}>
            查找志愿团体
          </Text>
        </View>
      </View>
    </View>
  );
}
