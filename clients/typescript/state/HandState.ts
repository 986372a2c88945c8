// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';
import { HandCardState } from './HandCardState'

export class HandState extends Schema {
    @type([ HandCardState ]) public cards: ArraySchema<HandCardState> = new ArraySchema<HandCardState>();
}
