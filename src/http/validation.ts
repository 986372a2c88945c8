import type { z } from "zod";
import { ApiError } from "./http-errors";

export interface FieldError {
  path: string;
  message: string;
}

export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join(".") || "(root)", message: issue.message }));
}

/** Parses input or throws a 400 ApiError carrying field-level details. */
export function parseOrThrow<T extends z.ZodType>(
  schema: T,
  input: unknown,
  code: string,
  message: string,
): z.infer<T> {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new ApiError(400, code, message, { details: fieldErrors(parsed.error) });
  return parsed.data;
}
