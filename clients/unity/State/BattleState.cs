// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

namespace SteamCardGame.Protocol {
	public partial class BattleState : global::Colyseus.Schema.Schema {
#if UNITY_5_3_OR_NEWER
		[global::UnityEngine.Scripting.Preserve]
#endif
		public BattleState() { }

		[global::Colyseus.Schema.Type(0, "string")]
		public string matchId = default(string);

		[global::Colyseus.Schema.Type(1, "string")]
		public string phase = default(string);

		[global::Colyseus.Schema.Type(2, "uint16")]
		public ushort turn = default(ushort);

		[global::Colyseus.Schema.Type(3, "int8")]
		public sbyte currentSeat = default(sbyte);

		[global::Colyseus.Schema.Type(4, "float64")]
		public double turnDeadline = default(double);

		[global::Colyseus.Schema.Type(5, "uint32")]
		public uint stateId = default(uint);

		[global::Colyseus.Schema.Type(6, "int8")]
		public sbyte winnerSeat = default(sbyte);

		[global::Colyseus.Schema.Type(7, "string")]
		public string endReason = default(string);

		[global::Colyseus.Schema.Type(8, "array", typeof(global::Colyseus.Schema.ArraySchema<BattlePlayerState>))]
		public global::Colyseus.Schema.ArraySchema<BattlePlayerState> players = new global::Colyseus.Schema.ArraySchema<BattlePlayerState>();

		[global::Colyseus.Schema.Type(9, "uint16")]
		public ushort spectators = default(ushort);
	}
}
