import { Steps } from "antd";

/** Where the user is in linking: 0 before Connect, 1 while the phone pairs, 2 once linked. */
export function LinkSteps({ current }: { current: 0 | 1 | 2 }) {
  return (
    <Steps
      size="small"
      current={current}
      responsive={false}
      titlePlacement="vertical"
      items={[{ title: "Connect" }, { title: "Link your phone" }, { title: "Import chats" }]}
    />
  );
}
