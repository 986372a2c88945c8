// Sample (not compiled here: there is no Unity on our build machines; see docs/unity.md).
// Steam login → POST /auth/steam → queue → `matched` → seat reservation → answer `legal` → `result`,
// with the generated classes (SteamCardGame.Protocol) and the Colyseus Unity SDK. Needs Steamworks.NET
// (SteamManager initialised) and the Colyseus Unity SDK in the project.
using System;
using System.Collections.Generic;
using System.Text;
using System.Threading.Tasks;
using Colyseus;
using Steamworks;
using SteamCardGame.Protocol;
using UnityEngine;
using UnityEngine.Networking;

public class RankedMatchClient : MonoBehaviour
{
	[Tooltip("The game server, e.g. https://game.example.com (HTTP and WebSocket share it).")]
	public string serverUrl = "http://localhost:2567";
	[Tooltip("Must equal the server's STEAM_IDENTITY.")]
	public string steamIdentity = "card-game-login";
	[Tooltip("Empty: the player's default deck.")]
	public string deckId = "";

	const string ReconnectRoomKey = "battle.roomId";
	const string ReconnectTokenKey = "battle.reconnectionToken";

	[Serializable] class LoginRequest { public string ticket; }
	[Serializable] class LoginResponse { public string accessToken; public string refreshToken; }

	Client client;
	Room<BattleState> battle;
	Callback<GetTicketForWebApiResponse_t> ticketCallback;
	TaskCompletionSource<string> ticket;

	async void Start()
	{
		try
		{
			client = new Client(serverUrl);
			client.Auth.Token = await Login(await SteamWebApiTicket());
			battle = await RejoinRunningBattle() ?? await client.ConsumeSeatReservation<BattleState>(await Queue());
			PlayerPrefs.SetString(ReconnectRoomKey, battle.ReconnectionToken.RoomId);
			PlayerPrefs.SetString(ReconnectTokenKey, battle.ReconnectionToken.Token);
			Play(battle);
		}
		catch (Exception e)
		{
			Debug.LogError($"ranked match failed: {e}");
		}
	}

	// 1. Steam: a Web API ticket for our identity, hex-encoded.
	Task<string> SteamWebApiTicket()
	{
		ticket = new TaskCompletionSource<string>();
		ticketCallback = Callback<GetTicketForWebApiResponse_t>.Create(response =>
		{
			if (response.m_eResult != EResult.k_EResultOK) { ticket.TrySetException(new Exception($"Steam ticket: {response.m_eResult}")); return; }
			ticket.TrySetResult(BitConverter.ToString(response.m_rgubTicket, 0, response.m_cubTicket).Replace("-", ""));
		});
		SteamUser.GetAuthTicketForWebApi(steamIdentity);
		return ticket.Task;
	}

	// 2. Our login: POST /auth/steam { ticket } → { accessToken, refreshToken, ... }.
	async Task<string> Login(string hexTicket)
	{
		using var request = new UnityWebRequest($"{serverUrl}/auth/steam", "POST");
		request.uploadHandler = new UploadHandlerRaw(Encoding.UTF8.GetBytes(JsonUtility.ToJson(new LoginRequest { ticket = hexTicket })));
		request.downloadHandler = new DownloadHandlerBuffer();
		request.SetRequestHeader("Content-Type", "application/json");
		var done = request.SendWebRequest();
		while (!done.isDone) await Task.Yield();
		if (request.result != UnityWebRequest.Result.Success) throw new Exception($"login: {request.responseCode} {request.downloadHandler.text}");
		return JsonUtility.FromJson<LoginResponse>(request.downloadHandler.text).accessToken;
	}

	// After a restart of the game during a battle: back into it (the seat is kept RECONNECT_SECONDS).
	async Task<Room<BattleState>> RejoinRunningBattle()
	{
		if (!PlayerPrefs.HasKey(ReconnectTokenKey)) return null;
		var token = new ReconnectionToken { RoomId = PlayerPrefs.GetString(ReconnectRoomKey), Token = PlayerPrefs.GetString(ReconnectTokenKey) };
		PlayerPrefs.DeleteKey(ReconnectTokenKey);
		try { return await client.Reconnect<BattleState>(token); }
		catch (Exception) { return null; } // the battle is over: queue as usual
	}

	// 3. The queue: wait for `matched`, leave the queue room, hand back the seat reservation.
	async Task<SeatReservation> Queue()
	{
		var options = new Dictionary<string, object>();
		if (!string.IsNullOrEmpty(deckId)) options["deckId"] = deckId;
		var queue = await client.JoinOrCreate(QueueRoomMessages.RoomName, options);
		var matched = new TaskCompletionSource<SeatReservation>();
		queue.OnMessage<QueueQueuedMessage>(QueueRoomMessages.FromServer.Queued, m => Debug.Log($"queued: {m.queueSize} waiting"));
		queue.OnMessage<object>(QueueRoomMessages.FromServer.Requeued, _ => Debug.Log("opponent gone: still queued"));
		queue.OnMessage<object>(QueueRoomMessages.FromServer.Replaced, _ => matched.TrySetException(new Exception("queued from another device")));
		queue.OnMessage<QueueErrorMessage>(QueueRoomMessages.FromServer.Error, e => matched.TrySetException(new Exception($"{e.code}: {e.message}")));
		queue.OnMessage<QueueMatchedMessage>(QueueRoomMessages.FromServer.Matched, m => matched.TrySetResult(m.reservation));
		var reservation = await matched.Task;
		await queue.Leave();
		return reservation;
	}

	// 4. The battle: state in room.State (generated BattleState), decisions from `legal`.
	void Play(Room<BattleState> room)
	{
		room.OnMessage<BattleLegalMessage>(BattleRoomMessages.FromServer.Legal, legal =>
		{
			// A real client lets the player choose; any action of the list is valid, sent back unchanged.
			LegalAction choice = Array.Find(legal.actions, a => a.type == BattleRoomMessages.FromClient.EndTurn)
				?? Array.Find(legal.actions, a => a.type == BattleRoomMessages.FromClient.Mulligan)
				?? legal.actions[0];
			_ = room.Send(choice.type, ToIntent(choice));
		});
		room.OnMessage<BattleEventsMessage>(BattleRoomMessages.FromServer.Events, m =>
		{
			foreach (GameEvent e in m.events) Debug.Log($"event {e.type}");
		});
		room.OnMessage<BattleErrorMessage>(BattleRoomMessages.FromServer.Error, e => Debug.LogWarning($"refused: {e.code} {e.message}"));
		room.OnMessage<BattleCancelledMessage>(BattleRoomMessages.FromServer.Cancelled, _ => Debug.Log("opponent absent: queue again"));
		room.OnMessage<BattleResultMessage>(BattleRoomMessages.FromServer.Result, r =>
		{
			PlayerPrefs.DeleteKey(ReconnectTokenKey);
			Debug.Log(r.pending ? $"{r.reason}: rating later" : $"{r.reason}: winner {r.winner ?? "none"}, rating {r.you.ratingChange:+0;-0}");
		});
		room.OnStateChange += (state, first) => Debug.Log($"turn {state.turn}, seat {state.currentSeat} to act, phase {state.phase}");
		room.OnDrop += code => Debug.Log("connection lost: reconnecting"); // the SDK retries by itself
		room.OnReconnect += () => Debug.Log("reconnected: full state again, a fresh `legal` follows if it is our turn");
		room.OnLeave += code => Debug.Log($"battle closed ({code})");
		// The first `legal` may have arrived before the handlers above: ask for it again.
		_ = room.Send(BattleRoomMessages.FromClient.Sync, new Dictionary<string, object>());
	}

	// LegalAction holds the fields of every intent; each message takes only its own (unknown keys are refused,
	// even when null). Unset optional fields (target, position) go out as null: the server reads them as absent.
	static object ToIntent(LegalAction a)
	{
		switch (a.type)
		{
			case "mulligan": return new BattleMulliganMessage { type = a.type, stateId = a.stateId, replace = a.replace };
			case "play": return new BattlePlayMessage { type = a.type, stateId = a.stateId, card = a.card, target = a.target, position = a.position };
			case "attack": return new BattleAttackMessage { type = a.type, stateId = a.stateId, attacker = a.attacker, target = a.target };
			case "end_turn": return new BattleEndTurnMessage { type = a.type, stateId = a.stateId };
			default: return new BattleConcedeMessage { type = a.type, stateId = a.stateId };
		}
	}

	void OnDestroy()
	{
		_ = battle?.Leave(false); // not consented: the seat is kept for a reconnection
	}
}
