// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

namespace SteamCardGame.Protocol {
	public partial class BattlePlayerState : global::Colyseus.Schema.Schema {
#if UNITY_5_3_OR_NEWER
		[global::UnityEngine.Scripting.Preserve]
#endif
		public BattlePlayerState() { }

		[global::Colyseus.Schema.Type(0, "uint8")]
		public byte seat = default(byte);

		[global::Colyseus.Schema.Type(1, "string")]
		public string steamId = default(string);

		[global::Colyseus.Schema.Type(2, "boolean")]
		public bool connected = default(bool);

		[global::Colyseus.Schema.Type(3, "int16")]
		public short health = default(short);

		[global::Colyseus.Schema.Type(4, "int16")]
		public short maxHealth = default(short);

		[global::Colyseus.Schema.Type(5, "int16")]
		public short armor = default(short);

		[global::Colyseus.Schema.Type(6, "boolean")]
		public bool heroFrozen = default(bool);

		[global::Colyseus.Schema.Type(7, "uint8")]
		public byte mana = default(byte);

		[global::Colyseus.Schema.Type(8, "uint8")]
		public byte maxMana = default(byte);

		[global::Colyseus.Schema.Type(9, "uint8")]
		public byte handCount = default(byte);

		[global::Colyseus.Schema.Type(10, "uint8")]
		public byte deckCount = default(byte);

		[global::Colyseus.Schema.Type(11, "uint8")]
		public byte fatigue = default(byte);

		[global::Colyseus.Schema.Type(12, "boolean")]
		public bool mulliganed = default(bool);

		[global::Colyseus.Schema.Type(13, "uint8")]
		public byte consecutiveTimeouts = default(byte);

		[global::Colyseus.Schema.Type(14, "array", typeof(global::Colyseus.Schema.ArraySchema<MinionState>))]
		public global::Colyseus.Schema.ArraySchema<MinionState> board = new global::Colyseus.Schema.ArraySchema<MinionState>();

		[global::Colyseus.Schema.Type(15, "ref", typeof(HandState))]
		public HandState hand = null;
	}
}
