// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

namespace SteamCardGame.Protocol {
	public partial class HandCardState : global::Colyseus.Schema.Schema {
#if UNITY_5_3_OR_NEWER
		[global::UnityEngine.Scripting.Preserve]
#endif
		public HandCardState() { }

		[global::Colyseus.Schema.Type(0, "string")]
		public string id = default(string);

		[global::Colyseus.Schema.Type(1, "string")]
		public string card = default(string);

		[global::Colyseus.Schema.Type(2, "uint8")]
		public byte cost = default(byte);
	}
}
