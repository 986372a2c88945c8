// Interprets the effect vocabulary (effects.ts) against the state.
import type { Effect, Group, Selector } from "./effects";
import type { Minion, Seat, Side } from "./types";
import { CARDS } from "./catalog";
import { MAX_MANA } from "./constants";
import { keywordMask } from "./keywords";
import { randomInt } from "./rng";
import type { EffectContext, Resolver } from "./resolver";
import { charId, HERO_REFS, isHero, type Char } from "./chars";
import { dealDamage, heal } from "./combat";
import { appended, drawCard, giveCard, makeMinion, newEntityId, summonMinion } from "./zones";
import { isAlive } from "./stats";
import type { EffectApi } from "./effect-api";

const onBoard = (R: Resolver, m: Minion): boolean => R.s.players[m.owner].board.indexOf(m) >= 0;

function living(board: Minion[], out: Char[], except: Minion | null = null): void {
  for (let i = 0; i < board.length; i++) {
    const m = board[i];
    if (m !== except && isAlive(m)) out.push(m);
  }
}

function group(R: Resolver, g: Group, ctx: EffectContext): Char[] {
  const me = ctx.seat,
    foe = (1 - ctx.seat) as Seat;
  const P = R.s.players;
  const out: Char[] = [];
  switch (g) {
    case "self":
      if (ctx.source && onBoard(R, ctx.source)) out.push(ctx.source);
      break;
    case "friendly-hero":
      out.push(HERO_REFS[me]);
      break;
    case "enemy-hero":
      out.push(HERO_REFS[foe]);
      break;
    case "friendly-minions":
      living(P[me].board, out);
      break;
    case "enemy-minions":
      living(P[foe].board, out);
      break;
    case "other-friendly-minions":
      living(P[me].board, out, ctx.source);
      break;
    case "all-minions":
      living(P[me].board, out);
      living(P[foe].board, out);
      break;
    case "other-minions":
      living(P[me].board, out, ctx.source);
      living(P[foe].board, out, ctx.source);
      break;
    case "friendly-characters":
      living(P[me].board, out);
      out.push(HERO_REFS[me]);
      break;
    case "enemy-characters":
      living(P[foe].board, out);
      out.push(HERO_REFS[foe]);
      break;
    case "all-characters":
      living(P[me].board, out);
      living(P[foe].board, out);
      out.push(HERO_REFS[me], HERO_REFS[foe]);
      break;
    case "adjacent": {
      if (!ctx.source) break;
      const board = P[ctx.source.owner].board;
      const i = board.indexOf(ctx.source);
      if (i < 0) break;
      if (i > 0 && isAlive(board[i - 1])) out.push(board[i - 1]);
      if (i + 1 < board.length && isAlive(board[i + 1])) out.push(board[i + 1]);
      break;
    }
    case "event-minion":
      if (ctx.event && onBoard(R, ctx.event)) out.push(ctx.event);
      break;
    case "chosen": {
      const c = ctx.chosen;
      if (c && (isHero(c) || onBoard(R, c))) out.push(c);
      break;
    }
  }
  return out;
}

export function select(R: Resolver, sel: Selector, ctx: EffectContext): Char[] {
  if (typeof sel === "string") return group(R, sel, ctx);
  if ("target" in sel) return group(R, "chosen", ctx);
  const pool = group(R, sel.random, ctx).filter((c) => isHero(c) || isAlive(c));
  const out: Char[] = [];
  for (let n = 0; n < sel.count && pool.length > 0; n++) {
    out.push(pool.splice(randomInt(R.s.rng, pool.length), 1)[0]);
  }
  return out;
}

function seatsFor(who: Side, seat: Seat): Seat[] {
  return who === "friendly" ? [seat] : who === "enemy" ? [(1 - seat) as Seat] : [seat, (1 - seat) as Seat];
}

export function silenceMinion(R: Resolver, m: Minion): void {
  const def = CARDS[m.card];
  if (m.hp > def.health) m.dmg = Math.max(0, m.dmg - (m.hp - def.health));
  m.hp = def.health;
  m.atk = def.attack;
  m.tmpAtk = 0;
  m.kw = 0;
  m.tx = 0;
  m.frozen = false;
  m.silenced = true;
  R.ev.push({ type: "silence", target: m.id });
}

function transformMinion(R: Resolver, m: Minion, card: string): void {
  const board = R.s.players[m.owner].board;
  const i = board.indexOf(m);
  if (i < 0) return;
  const p = R.s.players[m.owner];
  const fresh = makeMinion(R.s, card, m.owner, newEntityId(R.s));
  board[i] = fresh;
  p.graveyard = appended(p.graveyard, m.card);
  p.created++;
  R.ev.push({ type: "transform", id: m.id, into: fresh.id, card });
}

function api(R: Resolver, ctx: EffectContext): EffectApi {
  return {
    state: R.s,
    seat: ctx.seat,
    source: ctx.source,
    chosenMinion: () => {
      const c = group(R, "chosen", ctx)[0];
      return c && !isHero(c) ? c : null;
    },
    damage: (t, amount) => {
      dealDamage(R, ctx.source, t, amount);
    },
    setHealth: (m, health) => {
      const h = Math.max(1, Math.floor(health));
      m.hp = h - m.auraHp + m.dmg;
      R.ev.push({ type: "buff", target: m.id, attack: 0, health: h, thisTurn: false });
    },
    randomInt: (n) => randomInt(R.s.rng, n),
  };
}

export function runEffect(R: Resolver, e: Effect, ctx: EffectContext): void {
  switch (e.op) {
    case "damage":
      for (const t of select(R, e.to, ctx)) dealDamage(R, ctx.source, t, e.amount);
      return;
    case "heal":
      for (const t of select(R, e.to, ctx)) heal(R, t, e.amount);
      return;
    case "draw":
      for (const s of seatsFor(e.who, ctx.seat)) for (let i = 0; i < e.count; i++) drawCard(R, s);
      return;
    case "give":
      for (const s of seatsFor(e.who, ctx.seat)) for (let i = 0; i < e.count; i++) giveCard(R, s, e.card);
      return;
    case "summon": {
      for (const s of seatsFor(e.who, ctx.seat)) {
        let pos = -1;
        if (s === ctx.seat && ctx.pos >= 0) pos = ctx.pos;
        else if (s === ctx.seat && ctx.source) {
          const i = R.s.players[s].board.indexOf(ctx.source);
          if (i >= 0) pos = i + 1;
        }
        for (let i = 0; i < e.count; i++) {
          const m = summonMinion(R, s, e.card, pos);
          if (m && pos >= 0) pos = R.s.players[s].board.indexOf(m) + 1;
        }
      }
      return;
    }
    case "buff":
      for (const t of select(R, e.to, ctx)) {
        if (isHero(t)) continue;
        if (e.thisTurn) t.tmpAtk += e.attack;
        else {
          t.atk += e.attack;
          t.hp += e.health;
        }
        R.ev.push({ type: "buff", target: t.id, attack: e.attack, health: e.health, thisTurn: e.thisTurn });
      }
      return;
    case "grant":
      for (const t of select(R, e.to, ctx)) {
        if (isHero(t)) continue;
        t.kw |= keywordMask(e.keywords);
        R.ev.push({ type: "keywords", target: t.id, keywords: e.keywords.slice() });
      }
      return;
    case "destroy":
      for (const t of select(R, e.to, ctx)) {
        if (isHero(t)) continue;
        t.dead = true;
        R.ev.push({ type: "destroy", target: t.id });
      }
      return;
    case "freeze":
      for (const t of select(R, e.to, ctx)) {
        if (isHero(t)) R.s.players[t.hero].hero.frozen = true;
        else t.frozen = true;
        R.ev.push({ type: "freeze", target: charId(t) });
      }
      return;
    case "silence":
      for (const t of select(R, e.to, ctx)) if (!isHero(t)) silenceMinion(R, t);
      return;
    case "transform":
      for (const t of select(R, e.to, ctx)) if (!isHero(t)) transformMinion(R, t, e.card);
      return;
    case "mana": {
      const p = R.s.players[ctx.seat];
      const gained = Math.min(e.amount, MAX_MANA - p.mana);
      p.mana += gained;
      R.ev.push({ type: "mana_gain", seat: ctx.seat, amount: gained });
      return;
    }
    case "armor":
      R.s.players[ctx.seat].hero.armor += e.amount;
      R.ev.push({ type: "armor", seat: ctx.seat, amount: e.amount });
      return;
    case "all":
      for (const x of e.effects) runEffect(R, x, ctx);
      return;
    case "repeat":
      for (let i = 0; i < e.times; i++) runEffect(R, e.effect, ctx);
      return;
    case "custom":
      e.run(api(R, ctx));
      return;
  }
}
