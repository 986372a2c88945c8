import assert from "node:assert/strict";
import { CARDS, legalActions } from "../../src/game";
import type { State } from "../../src/game";
import { act, addHand, addMinion, boardCards, hero, minionById, play, sandbox, statsById } from "./helpers";
import { targeting } from "../../src/game/targeting";
import { KW } from "../../src/game/keywords";

type CardTest = (s: State) => void;

const kw = (s: State, id: string) => minionById(s, id)!.kw;

/** The minion just played by the current seat (last summon event). */
function played(events: { type: string }[]): string {
  const e = events.find((x) => x.type === "summon") as { id: string } | undefined;
  assert.ok(e, "expected a summon");
  return e.id;
}

function vanilla(card: string, attack: number, health: number, keywords = 0): CardTest {
  return (s) => {
    const { state, events } = play(s, card);
    const id = played(events);
    assert.deepEqual(statsById(state, id), [attack, health]);
    assert.equal(kw(state, id), keywords);
    assert.equal(state.players[0].mana, 10 - CARDS[card].cost);
  };
}

const canHitHero = (s: State, id: string) =>
  legalActions(s, 0).some((a) => a.type === "attack" && a.attacker === id && a.target === "hero:1");
const canHitMinion = (s: State, id: string) =>
  legalActions(s, 0).some((a) => a.type === "attack" && a.attacker === id && a.target !== "hero:1");

const TESTS: Record<string, CardTest> = {
  lucky_coin: (s) => {
    s.players[0].mana = 5;
    assert.equal(play(s, "lucky_coin").state.players[0].mana, 6);
  },
  spark_wisp: vanilla("spark_wisp", 1, 1),
  tideling: vanilla("tideling", 2, 2),
  ember_whelp: vanilla("ember_whelp", 3, 3),
  ember_mote: vanilla("ember_mote", 1, 1),
  flicker_bolt: (s) => {
    const e = addMinion(s, 1, "hedge_squire");
    assert.deepEqual(statsById(play(s, "flicker_bolt", e.id).state, e.id), [1, 1]);
  },
  surge_of_valor: (s) => {
    const m = addMinion(s, 0, "ember_mote");
    const st = play(s, "surge_of_valor", m.id).state;
    assert.deepEqual(statsById(st, m.id), [3, 1]);
    assert.deepEqual(statsById(act(st, 0, { type: "end_turn" }).state, m.id), [1, 1]);
  },
  hedge_squire: vanilla("hedge_squire", 1, 2, KW.taunt),
  dashing_courier: (s) => {
    const { state, events } = play(s, "dashing_courier");
    assert.ok(canHitHero(state, played(events)));
  },
  slingshot_urchin: (s) => assert.equal(hero(play(s, "slingshot_urchin", "hero:1").state, 1).health, 29),
  shieldbearer_novice: (s) => {
    const { state, events } = play(s, "shieldbearer_novice");
    const id = played(events);
    const after = play(state, "flicker_bolt", id).state;
    assert.deepEqual(statsById(after, id), [1, 1]);
    assert.equal(kw(after, id) & KW.divine_shield, 0);
  },
  lurking_adder: (s) => {
    const a = addMinion(s, 0, "lurking_adder");
    const b = addMinion(s, 1, "stonehide_brute");
    const st = act(s, 0, { type: "attack", attacker: a.id, target: b.id }).state;
    assert.deepEqual(boardCards(st, 1), []);
    assert.deepEqual(boardCards(st, 0), []);
  },
  frost_nip: (s) => {
    const e = addMinion(s, 1, "ironbark_guard");
    const st = play(s, "frost_nip", e.id).state;
    assert.deepEqual(statsById(st, e.id), [2, 4]);
    assert.equal(minionById(st, e.id)!.frozen, true);
  },
  bright_candle: (s) => {
    hero(s, 0).health = 20;
    assert.equal(hero(play(s, "bright_candle", "hero:0").state, 0).health, 24);
  },
  bramble_wolf: (s) => {
    addMinion(s, 1, "ember_mote");
    const { state, events } = play(s, "bramble_wolf");
    const id = played(events);
    assert.ok(canHitMinion(state, id));
    assert.ok(!canHitHero(state, id));
  },
  hollow_shade: (s) => {
    const { state, events } = play(s, "hollow_shade");
    const id = played(events);
    assert.ok(
      !targeting(state, 1)
        .playTargets("enemy-minion")
        .some((c) => (c as { id?: string }).id === id),
    );
  },
  coin_peddler: (s) =>
    assert.deepEqual(
      play(s, "coin_peddler").state.players[0].hand.map((c) => c.card),
      ["lucky_coin"],
    ),
  wisp_mother: (s) => {
    const m = addMinion(s, 0, "wisp_mother");
    assert.deepEqual(boardCards(play(s, "ember_lance", m.id).state, 0), ["spark_wisp", "spark_wisp"]);
  },
  hushing_friar: (s) => {
    const e = addMinion(s, 1, "ironbark_guard");
    const st = play(s, "hushing_friar", e.id).state;
    assert.equal(minionById(st, e.id)!.silenced, true);
    assert.equal(kw(st, e.id) & KW.taunt, 0);
  },
  scatter_shot: (s) => assert.equal(hero(play(s, "scatter_shot").state, 1).health, 27),
  crimson_leech: (s) => {
    hero(s, 0).health = 20;
    const m = addMinion(s, 0, "crimson_leech");
    const st = act(s, 0, { type: "attack", attacker: m.id, target: "hero:1" }).state;
    assert.equal(hero(st, 0).health, 22);
    assert.equal(hero(st, 1).health, 28);
  },
  rampart_totem: (s) => {
    const m = addMinion(s, 0, "ember_mote");
    const far = addMinion(s, 0, "ember_mote");
    const st = play(s, "rampart_totem", undefined, 1).state;
    assert.deepEqual(statsById(st, m.id), [2, 2]);
    assert.deepEqual(statsById(st, far.id), [2, 2]);
    const st2 = play(st, "ember_mote").state;
    assert.deepEqual(statsById(st2, st2.players[0].board[3].id), [1, 1]);
  },
  ironbark_guard: vanilla("ironbark_guard", 2, 5, KW.taunt),
  storm_harpy: (s) => {
    const m = addMinion(s, 0, "storm_harpy");
    let st = act(s, 0, { type: "attack", attacker: m.id, target: "hero:1" }).state;
    st = act(st, 0, { type: "attack", attacker: m.id, target: "hero:1" }).state;
    assert.equal(hero(st, 1).health, 26);
    assert.ok(!canHitHero(st, m.id));
  },
  banner_bearer: (s) => {
    const m = addMinion(s, 0, "ember_mote");
    assert.deepEqual(statsById(play(s, "banner_bearer").state, m.id), [2, 1]);
  },
  field_medic: (s) => {
    hero(s, 0).health = 25;
    assert.equal(hero(play(s, "field_medic", "hero:0").state, 0).health, 28);
  },
  ember_lance: (s) => assert.equal(hero(play(s, "ember_lance", "hero:1").state, 1).health, 27),
  winter_breath: (s) => {
    const a = addMinion(s, 1, "ember_mote");
    const b = addMinion(s, 1, "hedge_squire");
    const st = play(s, "winter_breath").state;
    assert.ok(minionById(st, a.id)!.frozen && minionById(st, b.id)!.frozen);
    assert.equal(st.players[0].hand.length, 1);
  },
  carrion_crow: (s) => {
    const c = addMinion(s, 0, "carrion_crow");
    const e = addMinion(s, 1, "ember_mote");
    assert.deepEqual(statsById(play(s, "flicker_bolt", e.id).state, c.id), [3, 3]);
  },
  kennel_master: (s) => {
    addMinion(s, 0, "kennel_master");
    const { state, events } = play(s, "ember_mote");
    assert.deepEqual(statsById(state, played(events)), [2, 1]);
  },
  stonehide_brute: vanilla("stonehide_brute", 3, 6, KW.taunt),
  dawn_chaplain: (s) => {
    hero(s, 0).health = 20;
    addMinion(s, 0, "dawn_chaplain");
    assert.equal(hero(act(s, 0, { type: "end_turn" }).state, 0).health, 23);
  },
  static_conduit: (s) => {
    const m = addMinion(s, 0, "static_conduit");
    assert.equal(hero(play(s, "flicker_bolt", m.id).state, 1).health, 29);
  },
  wildfire_sweep: (s) => {
    const a = addMinion(s, 1, "ironbark_guard");
    const mine = addMinion(s, 0, "ironbark_guard");
    const st = play(s, "wildfire_sweep").state;
    assert.deepEqual(statsById(st, a.id), [2, 3]);
    assert.deepEqual(statsById(st, mine.id), [2, 5]);
  },
  scholarly_insight: (s) => assert.equal(play(s, "scholarly_insight").state.players[0].hand.length, 2),
  war_herald: (s) => {
    const m = addMinion(s, 0, "ember_mote");
    assert.deepEqual(statsById(play(s, "war_herald", m.id).state, m.id), [3, 3]);
  },
  mirage_duelist: (s) => {
    addMinion(s, 1, "ember_mote");
    const { state, events } = play(s, "mirage_duelist");
    const id = played(events);
    assert.equal(kw(state, id), KW.divine_shield | KW.rush);
    assert.ok(canHitMinion(state, id));
  },
  newtfold_hex: (s) => {
    const e = addMinion(s, 1, "stonehide_brute");
    assert.deepEqual(boardCards(play(s, "newtfold_hex", e.id).state, 1), ["spark_wisp"]);
  },
  cliff_ogre: vanilla("cliff_ogre", 5, 5, KW.rush),
  barrow_wight: (s) => {
    const w = addMinion(s, 0, "barrow_wight");
    const a = addMinion(s, 1, "ironbark_guard");
    assert.deepEqual(statsById(play(s, "magma_rupture", w.id).state, a.id), [2, 3]);
  },
  shadow_verdict: (s) => {
    const e = addMinion(s, 1, "stonehide_brute");
    assert.deepEqual(boardCards(play(s, "shadow_verdict", e.id).state, 1), []);
  },
  hearth_matron: (s) => {
    addMinion(s, 0, "hearth_matron");
    let st = act(s, 0, { type: "end_turn" }).state;
    assert.deepEqual(boardCards(st, 0), ["hearth_matron"]);
    st = act(st, 1, { type: "end_turn" }).state;
    assert.deepEqual(boardCards(st, 0), ["hearth_matron", "spark_wisp"]);
  },
  marsh_basilisk: (s) => {
    const m = addMinion(s, 0, "marsh_basilisk");
    const e = addMinion(s, 1, "ancient_tortoise");
    const st = act(s, 0, { type: "attack", attacker: m.id, target: e.id }).state;
    assert.deepEqual(boardCards(st, 1), []);
  },
  sun_warden: (s) => {
    hero(s, 0).health = 20;
    const m = addMinion(s, 0, "sun_warden");
    assert.equal(kw(s, m.id), KW.taunt | KW.lifesteal);
    assert.equal(hero(act(s, 0, { type: "attack", attacker: m.id, target: "hero:1" }).state, 0).health, 24);
  },
  skyreach_lancer: (s) => {
    const { state, events } = play(s, "skyreach_lancer");
    assert.equal(
      hero(act(state, 0, { type: "attack", attacker: played(events), target: "hero:1" }).state, 1).health,
      25,
    );
  },
  tide_caller: (s) => {
    addMinion(s, 0, "ember_mote");
    const st = play(s, "tide_caller", undefined, 0).state;
    assert.deepEqual(boardCards(st, 0), ["tide_caller", "tideling", "tideling", "ember_mote"]);
  },
  cinder_tempest: (s) => {
    const mine = addMinion(s, 0, "stonehide_brute");
    const e = addMinion(s, 1, "ironbark_guard");
    addMinion(s, 1, "ember_mote");
    const st = play(s, "cinder_tempest").state;
    assert.deepEqual(statsById(st, mine.id), [3, 3]);
    assert.deepEqual(statsById(st, e.id), [2, 2]);
    assert.deepEqual(boardCards(st, 1), ["ironbark_guard"]);
  },
  grove_colossus: vanilla("grove_colossus", 5, 7, KW.taunt),
  mending_rain: (s) => {
    hero(s, 0).health = 10;
    const m = addMinion(s, 0, "stonehide_brute", { dmg: 4 });
    const st = play(s, "mending_rain").state;
    assert.equal(hero(st, 0).health, 16);
    assert.deepEqual(statsById(st, m.id), [3, 6]);
    assert.equal(st.players[0].hand.length, 1);
  },
  ember_warchief: (s) => {
    const m = addMinion(s, 0, "ember_mote");
    const e = addMinion(s, 1, "ember_mote");
    const { state, events } = play(s, "ember_warchief");
    assert.deepEqual(statsById(state, m.id), [2, 1]);
    assert.deepEqual(statsById(state, e.id), [1, 1]);
    assert.deepEqual(statsById(state, played(events)), [4, 5]);
  },
  archmage_solenne: (s) => {
    const m = addMinion(s, 0, "archmage_solenne");
    assert.deepEqual(statsById(play(s, "ember_lance", "hero:1").state, m.id), [5, 7]);
  },
  tempest_roc: (s) => {
    const m = addMinion(s, 0, "tempest_roc");
    let st = act(s, 0, { type: "attack", attacker: m.id, target: "hero:1" }).state;
    st = act(st, 0, { type: "attack", attacker: m.id, target: "hero:1" }).state;
    assert.equal(hero(st, 1).health, 20);
  },
  grave_inquisitor: (s) => {
    const e = addMinion(s, 1, "stonehide_brute");
    const st = play(s, "grave_inquisitor", e.id).state;
    assert.deepEqual(boardCards(st, 1), []);
    assert.deepEqual(boardCards(st, 0), ["grave_inquisitor"]);
  },
  ancient_tortoise: vanilla("ancient_tortoise", 6, 8, KW.taunt),
  magma_rupture: (s) => assert.equal(hero(play(s, "magma_rupture", "hero:1").state, 1).health, 24),
  cask_saboteur: (s) => {
    const m = addMinion(s, 0, "cask_saboteur");
    assert.equal(hero(play(s, "magma_rupture", m.id).state, 1).health, 27);
  },
  ashen_wyrm: (s) => {
    addMinion(s, 0, "ember_mote");
    const e = addMinion(s, 1, "stonehide_brute");
    const { state, events } = play(s, "ashen_wyrm");
    assert.deepEqual(statsById(state, e.id), [3, 3]);
    assert.deepEqual(boardCards(state, 0), ["ashen_wyrm"]);
    assert.deepEqual(statsById(state, played(events)), [7, 7]);
  },
  colossus_of_tides: (s) => {
    const m = addMinion(s, 0, "colossus_of_tides");
    assert.equal(kw(s, m.id), KW.taunt);
    assert.deepEqual(boardCards(play(s, "grave_inquisitor", m.id).state, 0), [
      "tideling",
      "tideling",
      "grave_inquisitor",
    ]);
  },
  starfall_barrage: (s) => assert.equal(hero(play(s, "starfall_barrage").state, 1).health, 22),
  rime_lich: (s) => {
    const e = addMinion(s, 1, "ember_mote");
    const st = play(s, "rime_lich").state;
    assert.ok(minionById(st, e.id)!.frozen);
    assert.ok(hero(st, 1).frozen);
  },
  queen_vesperine: (s) => {
    addMinion(s, 0, "queen_vesperine");
    addMinion(s, 1, "ember_mote");
    const st = act(s, 0, { type: "end_turn" }).state;
    assert.equal(hero(st, 1).health, 28);
    assert.deepEqual(boardCards(st, 1), []);
  },
  old_mossback: (s) => {
    const { state, events } = play(s, "old_mossback");
    assert.equal(hero(state, 0).armor, 5);
    assert.equal(kw(state, played(events)), KW.taunt);
  },
  chronicle_of_ages: (s) => {
    const st = play(s, "chronicle_of_ages").state;
    assert.equal(st.players[0].hand.length, 3);
    assert.equal(hero(st, 0).armor, 5);
  },
  deepcoil_leviathan: (s) => {
    addMinion(s, 0, "ember_mote");
    addMinion(s, 1, "ancient_tortoise");
    const st = play(s, "deepcoil_leviathan").state;
    assert.deepEqual(boardCards(st, 0), ["deepcoil_leviathan"]);
    assert.deepEqual(boardCards(st, 1), []);
  },
  cataclysm_call: (s) => {
    const e = addMinion(s, 1, "ancient_tortoise");
    const st = play(s, "cataclysm_call").state;
    assert.deepEqual(statsById(st, e.id), [6, 3]);
    assert.equal(hero(st, 0).armor, 10);
  },
  titan_of_embers: (s) => {
    hero(s, 0).health = 10;
    const e = addMinion(s, 1, "ancient_tortoise");
    const { state, events } = play(s, "titan_of_embers");
    const st = act(state, 0, { type: "attack", attacker: played(events), target: e.id }).state;
    assert.equal(hero(st, 0).health, 20);
    assert.deepEqual(boardCards(st, 1), []);
  },
  ember_hatchery: (s) => {
    addMinion(s, 0, "ember_hatchery");
    assert.deepEqual(boardCards(act(s, 0, { type: "end_turn" }).state, 0), ["ember_hatchery", "ember_whelp"]);
  },
  venom_spitter: (s) => {
    const m = addMinion(s, 0, "venom_spitter");
    assert.equal(kw(s, m.id), KW.poisonous | KW.taunt);
    const e = addMinion(s, 1, "ancient_tortoise");
    assert.deepEqual(boardCards(act(s, 0, { type: "attack", attacker: m.id, target: e.id }).state, 1), []);
  },
  night_prowler: (s) => {
    const { state, events } = play(s, "night_prowler");
    const id = played(events);
    assert.ok(kw(state, id) & KW.stealth);
    assert.ok(
      !targeting(state, 1)
        .playTargets("any-character")
        .some((c) => (c as { id?: string }).id === id),
    );
  },
  glacier_sentinel: (s) => {
    const e = addMinion(s, 1, "ember_mote");
    assert.ok(minionById(play(s, "glacier_sentinel", e.id).state, e.id)!.frozen);
  },
  muffling_veil: (s) => {
    const w = addMinion(s, 1, "ember_warchief");
    const e = addMinion(s, 1, "ember_mote");
    assert.deepEqual(statsById(s, e.id), [2, 1]);
    const st = play(s, "muffling_veil", w.id).state;
    assert.deepEqual(statsById(st, e.id), [1, 1]);
    assert.equal(st.players[0].hand.length, 1);
  },
  battle_fervor: (s) => {
    const m = addMinion(s, 0, "ember_mote");
    const st = play(s, "battle_fervor", m.id).state;
    assert.deepEqual(statsById(st, m.id), [3, 3]);
    assert.ok(kw(st, m.id) & KW.taunt);
  },
  gravebloom_seer: (s) => {
    const m = addMinion(s, 0, "gravebloom_seer");
    assert.equal(play(s, "ember_lance", m.id).state.players[0].hand.length, 1);
  },
  pain_eater: (s) => {
    const p = addMinion(s, 0, "pain_eater");
    const m = addMinion(s, 0, "stonehide_brute");
    assert.deepEqual(statsById(play(s, "flicker_bolt", m.id).state, p.id), [2, 5]);
  },
  scale_of_balance: (s) => {
    const e = addMinion(s, 1, "stonehide_brute");
    assert.deepEqual(statsById(play(s, "scale_of_balance", e.id).state, e.id), [3, 3]);
  },
  echo_forger: (s) => {
    const hand = play(s, "echo_forger").state.players[0].hand.map((c) => c.card);
    assert.equal(hand.length, 3);
    assert.deepEqual(hand.slice(0, 2), ["lucky_coin", "lucky_coin"]);
  },
};

describe("cards", () => {
  it("every card in the catalog has a test", () => {
    assert.deepEqual(
      Object.keys(CARDS).filter((id) => !TESTS[id]),
      [],
    );
  });
  for (const [id, test] of Object.entries(TESTS)) {
    it(`${id}: ${CARDS[id]?.text || "vanilla"}`, () => test(sandbox(id)));
  }
  it("the catalog has at least 60 collectible cards and several per cost", () => {
    const collectible = Object.values(CARDS).filter((c) => c.collectible);
    assert.ok(collectible.length >= 60, `${collectible.length}`);
    for (let cost = 0; cost <= 10; cost++)
      assert.ok(collectible.filter((c) => c.cost === cost).length >= 3, `cost ${cost}`);
  });
  it("a card added to a hand is playable via legalActions", () => {
    const s = sandbox();
    const id = addHand(s, 0, "ember_mote");
    assert.ok(legalActions(s, 0).some((a) => a.type === "play" && a.card === id));
  });
});
