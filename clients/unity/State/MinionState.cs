// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

namespace SteamCardGame.Protocol {
	public partial class MinionState : global::Colyseus.Schema.Schema {
#if UNITY_5_3_OR_NEWER
		[global::UnityEngine.Scripting.Preserve]
#endif
		public MinionState() { }

		[global::Colyseus.Schema.Type(0, "string")]
		public string id = default(string);

		[global::Colyseus.Schema.Type(1, "string")]
		public string card = default(string);

		[global::Colyseus.Schema.Type(2, "int16")]
		public short attack = default(short);

		[global::Colyseus.Schema.Type(3, "int16")]
		public short health = default(short);

		[global::Colyseus.Schema.Type(4, "int16")]
		public short maxHealth = default(short);

		[global::Colyseus.Schema.Type(5, "array", typeof(global::Colyseus.Schema.ArraySchema<string>), "string")]
		public global::Colyseus.Schema.ArraySchema<string> keywords = new global::Colyseus.Schema.ArraySchema<string>();

		[global::Colyseus.Schema.Type(6, "boolean")]
		public bool sick = default(bool);

		[global::Colyseus.Schema.Type(7, "boolean")]
		public bool frozen = default(bool);

		[global::Colyseus.Schema.Type(8, "boolean")]
		public bool silenced = default(bool);

		[global::Colyseus.Schema.Type(9, "uint8")]
		public byte attacks = default(byte);
	}
}
