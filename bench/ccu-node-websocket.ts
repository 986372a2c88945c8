// Imported first by bench/ccu-clients.ts: the SDK picks `globalThis.WebSocket` when it loads, and Node 22's
// built-in (undici) client would be chosen over `ws`, the SDK's Node transport and the server's own library.
import WebSocket from "ws";

(globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
