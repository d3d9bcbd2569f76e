import { isUniqueViolation } from "../../db/errors.js";
import { ConflictError, NotFoundError } from "../../lib/errors.js";
import type { AuditRepo } from "../audit/audit.repo.js";
import type { CurrentUser } from "../auth/auth.service.js";
import type { Directory, Tag } from "../directory/directory.js";

export function createTagsService(deps: {
  directory: Pick<Directory, "tags">;
  audit: Pick<AuditRepo, "record">;
}) {
  const { tags } = deps.directory;
  const guardUnique = async <T>(write: () => Promise<T>): Promise<T> => {
    try {
      return await write();
    } catch (error) {
      if (isUniqueViolation(error))
        throw new ConflictError("A tag with that name already exists", "tag_exists");
      throw error;
    }
  };

  return {
    list: () => tags.list(),

    async create(actor: CurrentUser, input: Omit<Tag, "id">): Promise<Tag> {
      const tag = await guardUnique(() => tags.create(input));
      await deps.audit.record({
        userId: actor.id,
        action: "tag.created",
        targetType: "tag",
        targetId: tag.id,
        details: { name: tag.name },
      });
      return tag;
    },

    async update(actor: CurrentUser, id: number, patch: Partial<Omit<Tag, "id">>): Promise<Tag> {
      const tag = await guardUnique(() => tags.update(id, patch));
      if (!tag) throw new NotFoundError("No such tag", "tag_not_found");
      await deps.audit.record({
        userId: actor.id,
        action: "tag.updated",
        targetType: "tag",
        targetId: id,
        details: patch,
      });
      return tag;
    },

    async remove(actor: CurrentUser, id: number): Promise<void> {
      const tag = await tags.findById(id);
      if (!tag || !(await tags.remove(id))) throw new NotFoundError("No such tag", "tag_not_found");
      await deps.audit.record({
        userId: actor.id,
        action: "tag.deleted",
        targetType: "tag",
        targetId: id,
        details: { name: tag.name },
      });
    },
  };
}

export type TagsService = ReturnType<typeof createTagsService>;
