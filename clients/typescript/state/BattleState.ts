// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';
import { BattlePlayerState } from './BattlePlayerState'

export class BattleState extends Schema {
    @type("string") public matchId!: string;
    @type("string") public phase!: string;
    @type("uint16") public turn!: number;
    @type("int8") public currentSeat!: number;
    @type("float64") public turnDeadline!: number;
    @type("uint32") public stateId!: number;
    @type("int8") public winnerSeat!: number;
    @type("string") public endReason!: string;
    @type([ BattlePlayerState ]) public players: ArraySchema<BattlePlayerState> = new ArraySchema<BattlePlayerState>();
    @type("uint16") public spectators!: number;
}
