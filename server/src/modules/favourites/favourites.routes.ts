import { z } from "zod";
import { bigserialId, serialId, serialIdParam } from "../../http/ids.js";
import { currentUser, requireUser } from "../../http/session-auth.js";
import type { App } from "../../http/types.js";
import type { FavouritesService } from "./favourites.service.js";

const addBody = z.union([
  z.strictObject({ contactRefId: serialId }),
  z.strictObject({ contactWhatsappId: bigserialId }),
]);
const orderBody = z.object({ ids: z.array(serialId).max(200) });
const idParams = z.object({ id: serialIdParam });

export function registerFavouritesRoutes(app: App, deps: { favourites: FavouritesService }) {
  app.get("/api/favourites", { onRequest: requireUser }, async (request) => ({
    items: await deps.favourites.list(currentUser(request).id),
  }));

  app.put(
    "/api/favourites",
    { onRequest: requireUser, schema: { body: addBody } },
    async (request, reply) => {
      const { favourite, created } = await deps.favourites.add(currentUser(request).id, request.body);
      return reply.status(created ? 201 : 200).send({ favourite });
    },
  );

  app.put(
    "/api/favourites/order",
    { onRequest: requireUser, schema: { body: orderBody } },
    async (request, reply) => {
      await deps.favourites.reorder(currentUser(request).id, request.body.ids);
      return reply.status(204).send();
    },
  );

  app.delete(
    "/api/favourites/:id",
    { onRequest: requireUser, schema: { params: idParams } },
    async (request, reply) => {
      await deps.favourites.remove(currentUser(request).id, request.params.id);
      return reply.status(204).send();
    },
  );
}
