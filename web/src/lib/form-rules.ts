import type { Rule } from "antd/es/form";

/** Form rules that mirror the server's limits, worded the same way everywhere. */
export const formRules = {
  required: (message: string): Rule => ({ required: true, whitespace: true, message }),
  maxChars: (max: number): Rule => ({ max, message: `Use at most ${max} characters` }),
  email: { type: "email", max: 254, message: "Enter a valid email address" } satisfies Rule,
};
