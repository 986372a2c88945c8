//
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY BY `npm run codegen`
// FROM docs/protocol.schema.json (the server's zod schemas). DO NOT CHANGE IT MANUALLY.
//

namespace SteamCardGame.Protocol {
	/// <summary>Message names of the `battle` room.</summary>
	public static class BattleRoomMessages {
		public const string RoomName = "battle";
		/// <summary>Server → client: register with room.OnMessage&lt;T&gt;(name, handler).</summary>
		public static class FromServer {
			/// <summary>the opponent never arrived; join the queue again (your queue time is kept) Payload: <see cref="BattleCancelledMessage"/>.</summary>
			public const string Cancelled = "cancelled";
			/// <summary>your message was refused; nothing changed Payload: <see cref="BattleErrorMessage"/>.</summary>
			public const string Error = "error";
			/// <summary>what happened, in order, as this seat may see it Payload: <see cref="BattleEventsMessage"/>.</summary>
			public const string Events = "events";
			/// <summary>what you may do now; answer with one action, unchanged: room.send(action.type, action) Payload: <see cref="BattleLegalMessage"/>.</summary>
			public const string Legal = "legal";
			/// <summary>the battle is over (sent once; the room closes shortly after) Payload: <see cref="BattleResultMessage"/>.</summary>
			public const string Result = "result";
		}
		/// <summary>Client → server: room.Send(name, payload).</summary>
		public static class FromClient {
			/// <summary>attack with one of your minions Payload: <see cref="BattleAttackMessage"/>.</summary>
			public const string Attack = "attack";
			/// <summary>give up (accepted at any time) Payload: <see cref="BattleConcedeMessage"/>.</summary>
			public const string Concede = "concede";
			/// <summary>end your turn Payload: <see cref="BattleEndTurnMessage"/>.</summary>
			public const string EndTurn = "end_turn";
			/// <summary>keep or replace cards of the opening hand (both seats at once) Payload: <see cref="BattleMulliganMessage"/>.</summary>
			public const string Mulligan = "mulligan";
			/// <summary>play a card from your hand Payload: <see cref="BattlePlayMessage"/>.</summary>
			public const string Play = "play";
			/// <summary>any payload (ignored): the server answers with your current `legal` list if you are to act</summary>
			public const string Sync = "sync";
		}
	}

	/// <summary>attack with one of your minions</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleAttackMessage {
		public string type;
		public long stateId;
		/// <summary>your minion</summary>
		public string attacker;
		/// <summary>entity id or hero:N</summary>
		public string target;
	}

	/// <summary>the opponent never arrived; join the queue again (your queue time is kept)</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleCancelledMessage {
		public string reason;
	}

	/// <summary>give up (accepted at any time)</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleConcedeMessage {
		public string type;
		public long? stateId;
	}

	/// <summary>end your turn</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleEndTurnMessage {
		public string type;
		public long stateId;
	}

	/// <summary>your message was refused; nothing changed</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleErrorMessage {
		/// <summary>not_started, game_over, invalid_message, stale_state, unknown_message, rate_limited, spectator (a spectator sent anything), or an engine code (docs/protocol.md)</summary>
		public string code;
		public string message;
		/// <summary>the state this message belongs to</summary>
		public long stateId;
	}

	/// <summary>what happened, in order, as this seat may see it</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleEventsMessage {
		/// <summary>the state this message belongs to</summary>
		public long stateId;
		public GameEvent[] events;
	}

	/// <summary>what you may do now; answer with one action, unchanged: room.send(action.type, action)</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleLegalMessage {
		/// <summary>the state this message belongs to</summary>
		public long stateId;
		public LegalAction[] actions;
	}

	/// <summary>keep or replace cards of the opening hand (both seats at once)</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleMulliganMessage {
		public string type;
		public long stateId;
		/// <summary>hand entity ids to replace; [] keeps the hand</summary>
		public string[] replace;
	}

	/// <summary>play a card from your hand</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattlePlayMessage {
		public string type;
		public long stateId;
		/// <summary>hand entity id</summary>
		public string card;
		public string target;
		public int? position;
	}

	/// <summary>the battle is over (sent once; the room closes shortly after)</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleResultMessage {
		public string matchId;
		/// <summary>null for a draw</summary>
		public string winner;
		/// <summary>null for a draw</summary>
		public int? winnerSeat;
		/// <summary>hero_destroyed, draw, turn_limit, concede, afk, disconnect, banned</summary>
		public string reason;
		/// <summary>true when the result is parked in the outbox and written later; `you` is then all null</summary>
		public bool pending;
		public BattleResultMessageYou you;
	}

	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleResultMessageYou {
		public Rating before;
		public Rating after;
		public double? ratingChange;
		public long? xpGained;
		public long? levelBefore;
		public long? levelAfter;
		/// <summary>rank before and after this match; null when no rank changed (unrated, no season running)</summary>
		public BattleResultMessageYouRank rank;
	}

	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class BattleResultMessageYouRank {
		public long season;
		public RankValue before;
		public RankValue after;
	}

	/// <summary>one thing that happened; `type` says which</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class GameEvent {
		public string type;
		/// <summary>seat 0 or 1</summary>
		public int? seat;
		public string[] replaced;
		public GameEventDrawnItem[] drawn;
		public long? count;
		/// <summary>seat 0 or 1</summary>
		public int? first;
		public long? turn;
		/// <summary>entity id (e.g. e17), or hero:0 / hero:1 for a hero</summary>
		public string id;
		/// <summary>card id (GET /api/cards)</summary>
		public string card;
		/// <summary>per-hand opaque id of a card, the only identity the opponent sees</summary>
		public string opaque;
		public long? damage;
		/// <summary>entity id (e.g. e17), or hero:0 / hero:1 for a hero</summary>
		public string target;
		public long? position;
		/// <summary>entity id (e.g. e17), or hero:0 / hero:1 for a hero</summary>
		public string attacker;
		public long? amount;
		public long? attack;
		public long? health;
		public bool? thisTurn;
		public string[] keywords;
		/// <summary>entity id (e.g. e17), or hero:0 / hero:1 for a hero</summary>
		public string into;
		public string cap;
		public int? winner;
		public string reason;
	}

	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class GameEventDrawnItem {
		/// <summary>entity id (e.g. e17), or hero:0 / hero:1 for a hero</summary>
		public string id;
		/// <summary>card id (GET /api/cards)</summary>
		public string card;
	}

	/// <summary>an intent you may send now, complete with its type and stateId</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class LegalAction {
		public string type;
		/// <summary>the state this message belongs to</summary>
		public long stateId;
		/// <summary>hand entity ids to replace; [] keeps the hand</summary>
		public string[] replace;
		/// <summary>hand entity id</summary>
		public string card;
		/// <summary>entity id or hero:N</summary>
		public string target;
		public int? position;
		/// <summary>your minion</summary>
		public string attacker;
	}

	/// <summary>a visible rank on the ladder (docs/ranked.md)</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class RankValue {
		public string tier;
		/// <summary>4 (lowest) … 1 (highest); always 1 in master</summary>
		public int division;
		/// <summary>0–99 within a division; unbounded in master</summary>
		public long points;
	}

	/// <summary>Glicko-2 rating</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class Rating {
		public double rating;
		public double deviation;
		public double volatility;
	}
}
