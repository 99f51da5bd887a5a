/**
 * 加载更多 under a paginated list (`#load-more`), or 「没有更多了」; an error of the last try above it.
 * Its styles are in app.scss.
 */
import { Button, Text, View } from '@tarojs/components';
import { flag } from '@/utils/attrs';

export interface LoadMoreProps {
  hasMore: boolean;
  loading: boolean;
  error: string;
  onMore: () => void;
}

export default function LoadMore(props: LoadMoreProps) {
  return (
    <View className="load-more">
      {props.error && <Text className="load-more__error">{props.error}</Text>}
      {props.hasMore ? (
        <Button
          id="load-more"
          className="btn btn-plain load-more__button"
          loading={flag(props.loading)}
          disabled={flag(props.loading)}
          onClick={props.onMore}
        >
          加载更多
        </Button>
      ) : (
        <Text className="load-more__end">没有更多了</Text>
      )}
    </View>
  );
}
