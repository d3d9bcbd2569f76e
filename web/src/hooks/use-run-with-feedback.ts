import { App } from "antd";
import { errorMessage } from "@/lib/api-client";

/** Runs a one-click action (delete, disable) and reports how it went in a toast. */
export function useRunWithFeedback() {
  const { message } = App.useApp();
  return async (action: () => Promise<unknown>, successMessage: string) => {
    try {
      await action();
      message.success(successMessage);
    } catch (error) {
      message.error(errorMessage(error));
    }
  };
}
