import assert from "node:assert/strict";
import {
  apply,
  createMatch,
  forfeit,
  legalActions,
  result,
  CARDS,
  loadCatalog,
  effects,
  validateDeck,
  STARTER_DECKS,
  STARTER_COLLECTION,
  catalogForClients,
} from "../../src/game";
import type { GameEvent, Intent, Seat, State } from "../../src/game";
import { act, addHand, addMinion, boardCards, DECKS, hero, minionById, play, sandbox, statsById } from "./helpers";
import { KW } from "../../src/game/keywords";

const endTurn = (s: State) => act(s, s.current, { type: "end_turn" }).state;
const keepAll = (s: State): State => {
  let st = act(s, 0, { type: "mulligan", replace: [] }).state;
  st = act(st, 1, { type: "mulligan", replace: [] }).state;
  return st;
};
const attack = (s: State, attacker: string, target: string) =>
  apply(s, s.current, { type: "attack", attacker, target });

describe("rules: match setup", () => {
  it("opening hands: 3 for the first player, 4 for the second, coin after the mulligan", () => {
    const s = createMatch({ seed: 1, decks: DECKS, firstSeat: 1 });
    assert.equal(s.phase, "mulligan");
    assert.equal(s.players[1].hand.length, 3);
    assert.equal(s.players[0].hand.length, 4);
    assert.equal(s.players[0].deck.length, 26);
    const st = keepAll(s);
    assert.equal(st.phase, "playing");
    assert.equal(st.current, 1);
    assert.equal(st.players[1].hand.length, 4); // 3 + turn draw
    assert.deepEqual(st.players[0].hand.map((c) => c.card).slice(-1), ["lucky_coin"]);
    assert.equal(st.players[0].hand.length, 5);
  });
  it("first seat is chosen by the seeded PRNG when absent, deterministically", () => {
    const firsts = new Set<number>();
    for (let i = 0; i < 20; i++) {
      const a = createMatch({ seed: `s${i}`, decks: DECKS });
      assert.equal(a.first, createMatch({ seed: `s${i}`, decks: DECKS }).first);
      firsts.add(a.first);
    }
    assert.equal(firsts.size, 2);
  });
  it("mulligan is simultaneous; replaced cards go back into the deck and new ones are drawn", () => {
    const s = createMatch({ seed: 2, decks: DECKS, firstSeat: 0 });
    assert.equal(legalActions(s, 0).filter((a) => a.type === "mulligan").length, 8);
    assert.equal(legalActions(s, 1).filter((a) => a.type === "mulligan").length, 16);
    const old = s.players[1].hand.map((c) => c.id);
    const r = act(s, 1, { type: "mulligan", replace: old.slice(0, 2) });
    const p = r.state.players[1];
    assert.equal(p.hand.length, 4);
    assert.equal(p.deck.length, 26);
    assert.ok(!p.hand.some((c) => old.slice(0, 2).includes(c.id)));
    assert.equal(r.state.phase, "mulligan");
    assert.deepEqual(legalActions(r.state, 1), []);
    assert.equal(apply(r.state, 1, { type: "mulligan", replace: [] }).ok, false);
    const st = act(r.state, 0, { type: "mulligan", replace: [] }).state;
    assert.equal(st.phase, "playing");
  });
  it("short decks (unvalidated) still play: mulligan swaps what it can, empty decks cause fatigue", () => {
    const s = createMatch({
      seed: "short",
      decks: [["ember_mote", "ember_mote", "ember_mote", "ember_mote"], []],
      firstSeat: 0,
    });
    assert.equal(s.players[1].hero.health, 30 - (1 + 2 + 3 + 4));
    const r = act(s, 0, { type: "mulligan", replace: s.players[0].hand.map((c) => c.id) });
    assert.equal(r.state.players[0].hand.length, 3);
    assert.equal(r.state.players[0].deck.length, 1);
    const st = act(r.state, 1, { type: "mulligan", replace: [] }).state;
    assert.equal(st.phase, "playing");
  });
  it("mana: +1 crystal per turn up to 10, refilled each turn; coin gives 1 this turn", () => {
    let s = keepAll(createMatch({ seed: 3, decks: DECKS, firstSeat: 0 }));
    assert.equal(s.players[0].maxMana, 1);
    s = endTurn(s);
    assert.equal(s.players[1].maxMana, 1);
    const coin = s.players[1].hand.find((c) => c.card === "lucky_coin")!;
    s = act(s, 1, { type: "play", card: coin.id }).state;
    assert.equal(s.players[1].mana, 2);
    for (let i = 0; i < 30 && !s.result; i++) s = endTurn(s);
    assert.equal(s.players[0].maxMana, 10);
    assert.equal(s.players[0].mana <= 10, true);
  });
  it("draw one card per turn; hand limit 10 burns the overdraw with an event", () => {
    const s = sandbox();
    for (let i = 0; i < 10; i++) addHand(s, 1, "ember_mote");
    const top = s.players[1].deck[s.players[1].deck.length - 1];
    const r = act(s, 0, { type: "end_turn" });
    assert.equal(r.state.players[1].hand.length, 10);
    assert.ok(r.events.some((e) => e.type === "burn" && e.seat === 1 && e.card === top));
    assert.equal(r.state.players[1].graveyard.at(-1), top);
  });
  it("fatigue: 1, 2, 3... damage when drawing from an empty deck", () => {
    let s = sandbox();
    s.players[0].deck = [];
    s.players[1].deck = [];
    s = endTurn(s); // seat 1 draws: fatigue 1
    assert.equal(hero(s, 1).health, 29);
    s = endTurn(s); // seat 0: fatigue 1
    s = endTurn(s); // seat 1: fatigue 2
    assert.equal(hero(s, 1).health, 27);
    s = endTurn(s);
    s = endTurn(s); // seat 1: fatigue 3
    assert.equal(hero(s, 1).health, 24);
  });
  it("board limit 7: no more minions can be played or summoned", () => {
    const s = sandbox();
    for (let i = 0; i < 7; i++) addMinion(s, 0, "ember_mote");
    const id = addHand(s, 0, "ember_mote");
    assert.equal(apply(s, 0, { type: "play", card: id }).ok === false, true);
    assert.ok(!legalActions(s, 0).some((a) => a.type === "play" && a.card === id));
    const s2 = sandbox();
    for (let i = 0; i < 6; i++) addMinion(s2, 0, "ember_mote");
    assert.equal(play(s2, "tide_caller").state.players[0].board.length, 7);
  });
});

describe("rules: combat and keywords", () => {
  it("summoning sickness: a new minion cannot attack", () => {
    const { state, events } = play(sandbox(), "ember_mote");
    const id = (events.find((e) => e.type === "summon") as { id: string }).id;
    const r = attack(state, id, "hero:1");
    assert.equal(r.ok, false);
    assert.ok(!legalActions(state, 0).some((a) => a.type === "attack"));
    const later = endTurn(endTurn(state));
    assert.equal(attack(later, id, "hero:1").ok, true);
  });
  it("charge attacks anything at once; rush only minions on the first turn", () => {
    const s = sandbox();
    addMinion(s, 1, "ember_mote");
    let r = play(s, "dashing_courier");
    const courier = (r.events.find((e) => e.type === "summon") as { id: string }).id;
    assert.equal(attack(r.state, courier, "hero:1").ok, true);
    r = play(s, "bramble_wolf");
    const wolf = (r.events.find((e) => e.type === "summon") as { id: string }).id;
    assert.equal(attack(r.state, wolf, "hero:1").ok, false);
    assert.equal(attack(r.state, wolf, r.state.players[1].board[0].id).ok, true);
  });
  it("taunt: attacks must target a taunt minion; stealthed taunts do not count", () => {
    const s = sandbox();
    const a = addMinion(s, 0, "ember_mote");
    const t = addMinion(s, 1, "hedge_squire");
    const o = addMinion(s, 1, "ember_mote");
    assert.equal(attack(s, a.id, "hero:1").ok, false);
    assert.equal(attack(s, a.id, o.id).ok, false);
    assert.equal(attack(s, a.id, t.id).ok, true);
    const targets = legalActions(s, 0)
      .filter((x) => x.type === "attack")
      .map((x) => (x as { target: string }).target);
    assert.deepEqual(targets, [t.id]);
    t.kw |= KW.stealth;
    assert.equal(attack(s, a.id, "hero:1").ok, true);
  });
  it("divine shield absorbs one instance of damage", () => {
    const s = sandbox();
    const a = addMinion(s, 0, "ancient_tortoise");
    const d = addMinion(s, 1, "shieldbearer_novice");
    const r = apply(s, 0, { type: "attack", attacker: a.id, target: d.id });
    assert.ok(r.ok);
    assert.deepEqual(statsById(r.state, d.id), [1, 1]);
    assert.equal(minionById(r.state, d.id)!.kw & KW.divine_shield, 0);
    assert.ok(r.events.some((e) => e.type === "shield_break"));
  });
  it("poisonous destroys any minion it damages, but not through divine shield", () => {
    const s = sandbox();
    const p = addMinion(s, 0, "lurking_adder");
    const d = addMinion(s, 1, "mirage_duelist");
    const r = act(s, 0, { type: "attack", attacker: p.id, target: d.id }).state;
    assert.deepEqual(boardCards(r, 1), ["mirage_duelist"]);
  });
  it("lifesteal heals the owner by the damage dealt, capped at max health", () => {
    const s = sandbox();
    hero(s, 0).health = 29;
    const m = addMinion(s, 0, "sun_warden");
    assert.equal(hero(act(s, 0, { type: "attack", attacker: m.id, target: "hero:1" }).state, 0).health, 30);
  });
  it("stealth: enemies cannot target or attack it; attacking removes stealth", () => {
    const s = sandbox();
    const st = addMinion(s, 1, "hollow_shade");
    const a = addMinion(s, 0, "ember_mote");
    assert.equal(attack(s, a.id, st.id).ok, false);
    const lance = addHand(s, 0, "ember_lance");
    assert.equal(apply(s, 0, { type: "play", card: lance, target: st.id }).ok, false);
    assert.ok(!legalActions(s, 0).some((x) => "target" in x && x.target === st.id));
    // AoE still hits it
    assert.deepEqual(boardCards(play(s, "wildfire_sweep").state, 1), []);
    const s2 = endTurn(s);
    const r = act(s2, 1, { type: "attack", attacker: st.id, target: "hero:0" }).state;
    assert.equal(minionById(r, st.id)!.kw & KW.stealth, 0);
  });
  it("windfury: two attacks per turn, others one", () => {
    const s = sandbox();
    const w = addMinion(s, 0, "storm_harpy");
    const n = addMinion(s, 0, "ember_mote");
    let st = act(s, 0, { type: "attack", attacker: w.id, target: "hero:1" }).state;
    st = act(st, 0, { type: "attack", attacker: n.id, target: "hero:1" }).state;
    assert.equal(attack(st, n.id, "hero:1").ok, false);
    st = act(st, 0, { type: "attack", attacker: w.id, target: "hero:1" }).state;
    assert.equal(attack(st, w.id, "hero:1").ok, false);
  });
  it("freeze: a frozen minion skips its next attack opportunity, then thaws", () => {
    const s = sandbox();
    const m = addMinion(s, 1, "ember_mote");
    let st = play(s, "glacier_sentinel", m.id).state;
    st = endTurn(st);
    assert.equal(attack(st, m.id, "hero:0").ok, false);
    st = endTurn(st); // thaws at the end of its owner's turn
    assert.equal(minionById(st, m.id)!.frozen, false);
    st = endTurn(st);
    assert.equal(attack(st, m.id, "hero:0").ok, true);
  });
  it("a minion frozen after attacking stays frozen through its next turn", () => {
    const s = sandbox();
    const m = addMinion(s, 0, "ember_mote");
    m.attacks = 1;
    m.frozen = true;
    let st = endTurn(s);
    assert.equal(minionById(st, m.id)!.frozen, true);
    st = endTurn(st);
    assert.equal(attack(st, m.id, "hero:1").ok, false);
    st = endTurn(endTurn(st));
    assert.equal(attack(st, m.id, "hero:1").ok, true);
  });
  it("silence removes auras, deathrattles, triggers, buffs and keywords", () => {
    const s = sandbox();
    const m = addMinion(s, 0, "ember_mote");
    const b = addMinion(s, 0, "banner_bearer");
    const w = addMinion(s, 0, "wisp_mother");
    assert.deepEqual(statsById(s, m.id), [2, 1]);
    let st = play(s, "muffling_veil", b.id).state;
    assert.deepEqual(statsById(st, m.id), [1, 1]);
    st = play(st, "muffling_veil", w.id).state;
    st = play(st, "ember_lance", w.id).state;
    assert.deepEqual(boardCards(st, 0), ["ember_mote", "banner_bearer"]);
    const s2 = sandbox();
    const h = addMinion(s2, 0, "hedge_squire");
    let st2 = play(s2, "war_herald", h.id).state;
    assert.deepEqual(statsById(st2, h.id), [3, 4]);
    st2 = play(st2, "muffling_veil", h.id).state;
    assert.deepEqual(statsById(st2, h.id), [1, 2]);
    assert.equal(minionById(st2, h.id)!.kw, 0);
  });
  it("auras are recomputed: losing a +health aura does not kill a damaged minion", () => {
    const s = sandbox();
    const m = addMinion(s, 0, "ember_mote");
    const t = addMinion(s, 0, "rampart_totem");
    assert.deepEqual(statsById(s, m.id), [2, 2]);
    m.dmg = 1;
    const st = play(s, "muffling_veil", t.id).state;
    assert.deepEqual(statsById(st, m.id), [1, 1]);
  });
  it("death pass: simultaneous deaths resolve in play order across both boards", () => {
    const s = sandbox();
    const e = addMinion(s, 1, "wisp_mother");
    const mine = addMinion(s, 0, "wisp_mother");
    const r = play(s, "cinder_tempest");
    const deaths = r.events.filter((x) => x.type === "death").map((x) => (x as { id: string }).id);
    assert.deepEqual(deaths, [e.id, mine.id]);
    const summons = r.events.filter((x) => x.type === "summon").map((x) => (x as { seat: Seat }).seat);
    assert.deepEqual(summons, [1, 1, 0, 0]);
  });
  it("nested triggers resolve before outer siblings (depth-first queue)", () => {
    const s = sandbox();
    addMinion(s, 0, "kennel_master");
    const r = play(s, "tide_caller");
    const kinds = r.events.map((e) => e.type).filter((t) => t === "summon" || t === "buff");
    // tide caller summoned (+buff), two tidelings (+buff each) resolve after the battlecry finished
    assert.deepEqual(kinds, ["summon", "summon", "summon", "buff", "buff", "buff"]);
    assert.deepEqual(
      r.state.players[0].board.map((m) => m.atk),
      [2, 5, 3, 3],
    );
  });
});

describe("rules: loop caps", () => {
  const addTestCard = (def: Parameters<typeof loadCatalog>[0][number]) => {
    Object.assign(CARDS, loadCatalog([def]));
  };
  after(() => {
    delete CARDS.test_echo;
    delete CARDS.test_phoenix;
  });
  it("an endless trigger chain stops at the queue cap", () => {
    addTestCard({
      id: "test_echo",
      name: "Echo",
      cost: 1,
      type: "minion",
      attack: 1,
      health: 5,
      rarity: "common",
      collectible: false,
      text: "",
      triggers: [
        { on: "damaged", side: "self", effect: effects.all(effects.heal(1, "self"), effects.damage(1, "self")) },
      ],
    });
    const s = sandbox();
    const m = addMinion(s, 0, "test_echo");
    const r = play(s, "flicker_bolt", m.id);
    assert.ok(r.events.some((e) => e.type === "cap_reached" && e.cap === "queue"));
  });
  it("an endless death chain stops at the death-pass cap", () => {
    addTestCard({
      id: "test_phoenix",
      name: "Phoenix",
      cost: 1,
      type: "minion",
      attack: 1,
      health: 1,
      rarity: "common",
      collectible: false,
      text: "",
      deathrattle: effects.all(effects.summon("test_phoenix"), effects.destroy("friendly-minions")),
    });
    const s = sandbox();
    const m = addMinion(s, 0, "test_phoenix");
    const r = play(s, "flicker_bolt", m.id);
    assert.ok(r.events.some((e) => e.type === "cap_reached" && e.cap === "death_passes"));
    assert.equal(r.state.players[0].board.length <= 7, true);
  });
});

describe("rules: game end", () => {
  it("win when the enemy hero reaches 0", () => {
    const s = sandbox();
    hero(s, 1).health = 3;
    const r = play(s, "ember_lance", "hero:1");
    assert.deepEqual(result(r.state), { winner: 0, reason: "hero_destroyed" });
    assert.equal(r.state.phase, "over");
    assert.equal(apply(r.state, 1, { type: "end_turn" }).ok, false);
    assert.deepEqual(legalActions(r.state, 0), []);
  });
  it("a hero killed by its own card loses", () => {
    const s = sandbox();
    hero(s, 0).health = 2;
    assert.deepEqual(result(play(s, "ember_lance", "hero:0").state), { winner: 1, reason: "hero_destroyed" });
  });
  it('simultaneous hero deaths give { winner: null, reason: "draw" }', () => {
    const s = sandbox();
    hero(s, 0).health = 2;
    hero(s, 1).health = 2;
    // Vesperine's owner is seat 0 and she hits only the enemy, so use a damage-all effect via a test card
    Object.assign(
      CARDS,
      loadCatalog([
        {
          id: "test_nova",
          name: "Nova",
          cost: 0,
          type: "spell",
          rarity: "common",
          collectible: false,
          text: "",
          effect: effects.damage(5, "all-characters"),
        },
      ]),
    );
    const st = play(s, "test_nova").state;
    delete CARDS.test_nova;
    assert.deepEqual(result(st), { winner: null, reason: "draw" });
  });
  it("turn cap: 45 turns each ends in a draw with reason turn_limit", () => {
    let s = keepAll(createMatch({ seed: 9, decks: DECKS, firstSeat: 0 }));
    let n = 0;
    while (!s.result) {
      hero(s, 0).health = 30;
      hero(s, 1).health = 30;
      s = act(s, s.current, { type: "end_turn" }).state;
      n++;
    }
    assert.deepEqual(result(s), { winner: null, reason: "turn_limit" });
    assert.equal(s.turn, 90);
    assert.equal(n, 90);
  });
  it("concede: the seat to act (or any seat still to mulligan) may concede; the other seat gets an empty list and a refusal", () => {
    const s = sandbox();
    assert.deepEqual(legalActions(s, 1), []);
    const refused = apply(s, 1, { type: "concede" });
    assert.equal(refused.ok, false);
    if (!refused.ok) assert.equal(refused.error.code, "not_your_turn");
    assert.deepEqual(result(forfeit(s, 1, "concede").state), { winner: 0, reason: "concede" });
    assert.deepEqual(result(act(s, 0, { type: "concede" }).state), { winner: 1, reason: "concede" });
    const m = createMatch({ seed: 4, decks: DECKS });
    assert.deepEqual(result(act(m, 0, { type: "concede" }).state), { winner: 1, reason: "concede" });
  });
  it("timeout: ends the turn of the seat to act; during mulligan keeps the hand", () => {
    const m = createMatch({ seed: 5, decks: DECKS, firstSeat: 0 });
    const hand = m.players[1].hand.map((c) => c.id);
    const r = act(m, 1, { type: "timeout" });
    assert.deepEqual(
      r.state.players[1].hand.map((c) => c.id),
      hand,
    );
    assert.equal(r.state.players[1].mulliganed, true);
    assert.equal(apply(r.state, 1, { type: "timeout" }).ok, false);
    let st = act(r.state, 0, { type: "timeout" }).state;
    assert.equal(st.phase, "playing");
    assert.equal(st.current, 0);
    const bad = apply(st, 1, { type: "timeout" });
    assert.equal(bad.ok, false);
    assert.equal(!bad.ok && bad.error.code, "not_your_turn");
    st = act(st, 0, { type: "timeout" }).state;
    assert.equal(st.current, 1);
  });
  it("forfeit ends the game for the other seat with the given reason", () => {
    const s = sandbox();
    const f = forfeit(s, 0, "afk");
    assert.deepEqual(result(f.state), { winner: 1, reason: "afk" });
    assert.equal(s.result, null);
    assert.ok(f.events.some((e: GameEvent) => e.type === "game_over"));
  });
  it("refuses intents with codes and never mutates the input", () => {
    const s = sandbox();
    const before = JSON.stringify(s);
    const cases: [Seat, unknown, string][] = [
      [1, { type: "end_turn" }, "not_your_turn"],
      [0, { type: "play", card: "e999" }, "unknown_card"],
      [0, { type: "fly" }, "invalid_intent"],
      [0, null, "invalid_intent"],
      [0, { type: "mulligan", replace: [] }, "illegal_intent"],
    ];
    for (const [seat, intent, code] of cases) {
      const r = apply(s, seat, intent as Intent);
      assert.equal(r.ok, false);
      assert.equal(!r.ok && r.error.code, code);
    }
    act(s, 0, { type: "end_turn" });
    act(s, 0, { type: "concede" });
    assert.equal(JSON.stringify(s), before);
  });
});

describe("decks and catalog", () => {
  it("starter decks are valid and in the starter collection", () => {
    for (const d of STARTER_DECKS) {
      assert.deepEqual(validateDeck(d.cards), { ok: true });
      for (const id of d.cards) assert.ok(STARTER_COLLECTION[id] >= d.cards.filter((x) => x === id).length);
    }
    assert.deepEqual(
      STARTER_DECKS.map((d) => d.name),
      ["Ember Vanguard", "Tidal Wardens"],
    );
  });
  it("validateDeck reports size, copies, legendaries, unknown and tokens", () => {
    const bad = validateDeck([
      ...Array(3).fill("ember_mote"),
      "queen_vesperine",
      "queen_vesperine",
      "nope",
      "spark_wisp",
    ]);
    assert.equal(bad.ok, false);
    const msgs = !bad.ok ? bad.errors.map((e) => e.message).join("|") : "";
    for (const frag of ["exactly 30", "at most 2", "at most 1", "unknown card", "not collectible"])
      assert.ok(msgs.includes(frag), frag);
    assert.equal(validateDeck("x").ok, false);
  });
  it("catalogForClients lists every card with tokens non-collectible", () => {
    const list = catalogForClients();
    assert.equal(list.length, Object.keys(CARDS).length);
    assert.equal(list.find((c) => c.id === "spark_wisp")!.collectible, false);
    assert.deepEqual(Object.keys(list[5]).sort(), [
      "attack",
      "collectible",
      "cost",
      "health",
      "id",
      "name",
      "rarity",
      "text",
      "type",
    ]);
  });
  it("catalog validation rejects duplicates and missing references", () => {
    const card = {
      id: "x_card",
      name: "X",
      cost: 1,
      type: "minion" as const,
      attack: 1,
      health: 1,
      rarity: "common" as const,
      text: "",
    };
    assert.throws(() => loadCatalog([card, card]), /duplicate/);
    assert.throws(() => loadCatalog([{ ...card, deathrattle: effects.summon("missing_card") }]), /unknown card/);
    assert.throws(() => loadCatalog([{ ...card, cost: 11 }]), /cost/);
  });
});
