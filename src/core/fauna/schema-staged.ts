/**
 * What an active push does while a schema is staged, said the same way by the CLI
 * (`fly-fauna schema push`) and VS Code (Push Schema). Pure.
 *
 * The core (fauna/faunadb): `POST /schema/1/update` without `staged=true` pins nothing
 * and stores the files as the latest schema (ext/api/src/main/scala/api/schema/
 * SchemaEndpoint.scala:93-118); while a version is pinned (a schema is staged) the
 * update is a staged one and the active schema stays the pinned version
 * (ext/model/src/main/scala/schema/TypeEnvValidator.scala:190-191, SchemaStatus.scala:
 * 283-297; the model test FQL2StagedSchemaSpec.scala:121-161 "stores staged items for
 * updates": after the pin a plain update is not active until the commit). So the files
 * pushed replace the staged schema, and the active schema is unchanged until a commit.
 */
import type { StagedStatus } from './schema';

/** True when an active push would be staged instead (a schema is staged now). */
export function pushIsStaged(status: StagedStatus['status'] | null | undefined): boolean {
  return status !== null && status !== undefined && status !== 'none';
}

/**
 * The warning for an active push while a schema is staged. `pullStaged` names how to
 * keep the staged files first (the CLI's or the editor's way).
 */
export function pushWhileStagedWarning(status: StagedStatus['status'], pullStaged: string): string {
  return `A schema is staged (status: ${status}): pushing replaces the staged schema, and the active schema stays as it is until the staged schema is committed (Fauna stages every push while a schema is staged). The staged files are lost unless you pull them first (${pullStaged}).`;
}
