import type { Services } from "../services";

// Colyseus instantiates rooms itself, so rooms reach the process's services through this registry.
let current: Services | null = null;

export function setRoomServices(services: Services | null): void {
  current = services;
}

export function roomServices(): Services {
  if (!current) throw new Error("room services are not initialised");
  return current;
}
