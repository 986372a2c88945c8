import { execFileSync } from "node:child_process";

/** A free TCP port on 127.0.0.1, found synchronously (a short-lived child binds port 0). */
export function freePortSync(): number {
  const out = execFileSync(process.execPath, [
    "-e",
    "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{process.stdout.write(String(s.address().port));s.close()})",
  ]);
  return Number(out.toString());
}
