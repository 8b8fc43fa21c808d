import { Router } from "express";
import { z } from "zod";

const NewUser = z.object({ name: z.string().min(1), email: z.string().email() });

export const usersRouter = Router();

const users: Array<{ id: number; name: string; email: string }> = [];

usersRouter.get("/", (_req, res) => {
  res.json(users);
});

usersRouter.post("/", (req, res) => {
  const parsed = NewUser.safeParse(req.body);
  if (!parsed.success) {
    res.status(400).json(parsed.error.flatten());
    return;
  }
  const user = { id: users.length + 1, ...parsed.data };
  users.push(user);
  res.status(201).json(user);
});
