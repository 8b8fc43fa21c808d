import { createApp } from "./app";

test("creates an app", () => {
  expect(createApp()).toBeDefined();
});
