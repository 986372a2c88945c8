// 
// THIS FILE HAS BEEN GENERATED AUTOMATICALLY
// DO NOT CHANGE IT MANUALLY UNLESS YOU KNOW WHAT YOU'RE DOING
// 
// GENERATED USING @colyseus/schema 5.0.34
// 

import { Schema, type, ArraySchema, MapSchema, SetSchema, DataChange } from '@colyseus/schema';


export class MinionState extends Schema {
    @type("string") public id!: string;
    @type("string") public card!: string;
    @type("int16") public attack!: number;
    @type("int16") public health!: number;
    @type("int16") public maxHealth!: number;
    @type([ "string" ]) public keywords: ArraySchema<string> = new ArraySchema<string>();
    @type("boolean") public sick!: boolean;
    @type("boolean") public frozen!: boolean;
    @type("boolean") public silenced!: boolean;
    @type("uint8") public attacks!: number;
}
