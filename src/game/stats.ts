import type { Minion } from "./types";

export const attackOf = (m: Minion): number => Math.max(0, m.atk + m.tmpAtk + m.auraAtk);
export const maxHealthOf = (m: Minion): number => m.hp + m.auraHp;
export const healthOf = (m: Minion): number => m.hp + m.auraHp - m.dmg;
export const isAlive = (m: Minion): boolean => !m.dead && m.hp + m.auraHp - m.dmg > 0;
