// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

namespace SteamCardGame.Protocol {
	public partial class HandState : global::Colyseus.Schema.Schema {
#if UNITY_5_3_OR_NEWER
		[global::UnityEngine.Scripting.Preserve]
#endif
		public HandState() { }

		[global::Colyseus.Schema.Type(0, "array", typeof(global::Colyseus.Schema.ArraySchema<HandCardState>))]
		public global::Colyseus.Schema.ArraySchema<HandCardState> cards = new global::Colyseus.Schema.ArraySchema<HandCardState>();
	}
}
