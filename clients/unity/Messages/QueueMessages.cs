//
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY BY `npm run codegen`
// FROM docs/protocol.schema.json (the server's zod schemas). DO NOT CHANGE IT MANUALLY.
//

namespace SteamCardGame.Protocol {
	/// <summary>Message names of the `queue` room.</summary>
	public static class QueueRoomMessages {
		public const string RoomName = "queue";
		/// <summary>Server → client: register with room.OnMessage&lt;T&gt;(name, handler).</summary>
		public static class FromServer {
			/// <summary>refused; join errors are followed by a close (4400) Payload: <see cref="QueueErrorMessage"/>.</summary>
			public const string Error = "error";
			/// <summary>a battle was created: leave the queue room and take the seat Payload: <see cref="QueueMatchedMessage"/>.</summary>
			public const string Matched = "matched";
			/// <summary>in the queue; sent again at most once a second when queueSize changed Payload: <see cref="QueueQueuedMessage"/>.</summary>
			public const string Queued = "queued";
			/// <summary>no payload: the same player joined the queue from another connection; this one is closed (4409)</summary>
			public const string Replaced = "replaced";
			/// <summary>no payload: the opponent was gone; back in the queue with the original enqueuedAt</summary>
			public const string Requeued = "requeued";
		}
		/// <summary>Client → server: room.Send(name, payload).</summary>
		public static class FromClient {
			/// <summary>leave the queue; the server then closes the connection (1000)</summary>
			public const string Cancel = "cancel";
		}
	}

	/// <summary>refused; join errors are followed by a close (4400)</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class QueueErrorMessage {
		public string code;
		public string message;
		/// <summary>dodge_cooldown: seconds until the player may queue again</summary>
		public long? retryAfter;
	}

	/// <summary>a battle was created: leave the queue room and take the seat</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class QueueMatchedMessage {
		public global::Colyseus.SeatReservation reservation;
	}

	/// <summary>in the queue; sent again at most once a second when queueSize changed</summary>
	[global::System.Serializable]
#if UNITY_5_3_OR_NEWER
	[global::UnityEngine.Scripting.Preserve]
#endif
	public partial class QueueQueuedMessage {
		public double rating;
		/// <summary>ms since the epoch (kept across requeues and the 120 s priority)</summary>
		public long enqueuedAt;
		public long queueSize;
	}
}
