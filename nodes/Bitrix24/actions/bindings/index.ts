import type { BindingOperation } from '../common/operationInput';
import { add } from './add.operation';
import { clear } from './clear.operation';
import { get } from './get.operation';
import { getFields } from './getFields.operation';
import { remove } from './remove.operation';
import { set } from './set.operation';

/** In the order their parameters are listed; the Operation option list sorts them by name. */
export const BINDING_OPERATIONS: BindingOperation[] = [get, set, clear, add, remove, getFields];

export function operationOf(value: string): BindingOperation | undefined {
	return BINDING_OPERATIONS.find((operation) => operation.value === value);
}
