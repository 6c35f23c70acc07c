/**
 * The update of a health-table item that holds the latest of something (a breaker state, a probe
 * result) rather than counters: written only when newer than what is stored.
 */
import type { UpdateCommandInput } from '../aws/dynamodb/commands.ts';

/**
 * SET every defined field (REMOVE the undefined ones, so a closed breaker keeps no stale
 * `until`), on condition that the stored `orderBy` is absent or older than the new one.
 */
export function conditionalSet(
  tableName: string,
  key: { pk: string; sk: string },
  fields: Record<string, unknown>,
  orderBy: string,
): UpdateCommandInput {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets: string[] = [];
  const removes: string[] = [];
  Object.entries(fields).forEach(([name, value], index) => {
    names[`#f${index}`] = name;
    if (value === undefined) {
      removes.push(`#f${index}`);
    } else {
      values[`:f${index}`] = value;
      sets.push(`#f${index} = :f${index}`);
    }
  });
  names['#order'] = orderBy;
  values[':order'] = fields[orderBy];
  return {
    TableName: tableName,
    Key: key,
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: 'attribute_not_exists(#order) OR #order < :order',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}
