import express from "express";
import { usersRouter } from "./routes/users";

export function createApp() {
  const app = express();
  app.use(express.json());
  app.use("/users", usersRouter);
  return app;
}

if (require.main === module) {
  createApp().listen(3000);
}
