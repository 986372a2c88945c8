// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';
import { MinionState } from './MinionState'
import { HandState } from './HandState'

export class BattlePlayerState extends Schema {
    @type("uint8") public seat!: number;
    @type("string") public steamId!: string;
    @type("boolean") public connected!: boolean;
    @type("int16") public health!: number;
    @type("int16") public maxHealth!: number;
    @type("int16") public armor!: number;
    @type("boolean") public heroFrozen!: boolean;
    @type("uint8") public mana!: number;
    @type("uint8") public maxMana!: number;
    @type("uint8") public handCount!: number;
    @type("uint8") public deckCount!: number;
    @type("uint8") public fatigue!: number;
    @type("boolean") public mulliganed!: boolean;
    @type("uint8") public consecutiveTimeouts!: number;
    @type([ MinionState ]) public board: ArraySchema<MinionState> = new ArraySchema<MinionState>();
    @type(HandState) public hand: HandState = new HandState();
}
