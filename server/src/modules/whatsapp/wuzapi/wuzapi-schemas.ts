import { z } from "zod";

/*
 * Response shapes of the WuzAPI endpoints Parley uses (CONTRACT.md). Objects are loose: WuzAPI
 * adds fields between versions and we must not break on them. The fields we read are checked,
 * then mapped to camelCase values so the rest of the server never sees WuzAPI's spelling.
 */

/** `{"code":200,"data":…,"success":true}` or `{"code":N,"error":"msg","success":false}`. */
export const envelopeSchema = z.looseObject({
  code: z.number().optional(),
  success: z.boolean().optional(),
  data: z.unknown().optional(),
  error: z.unknown().optional(),
  message: z.unknown().optional(),
});
export type Envelope = z.infer<typeof envelopeSchema>;

/** For calls whose answer carries nothing we read. */
export const ignoredSchema = z.unknown().transform((): void => undefined);

/** WuzAPI stores events as one comma-separated string; `GET /webhook` returns `[""]` for none. */
export function splitEvents(events: string | readonly string[]): string[] {
  const parts = typeof events === "string" ? events.split(",") : events;
  return parts.map((event) => event.trim()).filter((event) => event !== "");
}

/** An empty JID means "not paired yet". */
const optionalJid = z
  .string()
  .nullish()
  .transform((jid) => (jid ? jid : null));

const eventList = z.string().transform(splitEvents);

export const adminUserSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    token: z.string(),
    webhook: z.string(),
    jid: optionalJid,
    qrcode: z.string().nullish(),
    connected: z.boolean(),
    loggedIn: z.boolean(),
    events: eventList,
  })
  .transform((user) => ({
    id: user.id,
    name: user.name,
    token: user.token,
    webhook: user.webhook,
    jid: user.jid,
    qrCode: user.qrcode ? user.qrcode : null,
    connected: user.connected,
    loggedIn: user.loggedIn,
    events: user.events,
  }));
export type WuzapiUser = z.output<typeof adminUserSchema>;

export const adminUserListSchema = z.array(adminUserSchema);

export const createdUserSchema = z
  .looseObject({ id: z.string(), name: z.string(), webhook: z.string(), events: eventList })
  .transform(({ id, name, webhook, events }) => ({ id, name, webhook, events }));
export type CreatedWuzapiUser = z.output<typeof createdUserSchema>;

export const connectSchema = z
  .looseObject({ jid: optionalJid, events: eventList, webhook: z.string() })
  .transform(({ jid, events, webhook }) => ({ jid, events, webhook }));

/** `""` before WhatsApp has issued the first code. */
export const qrSchema = z
  .looseObject({ QRCode: z.string() })
  .transform(({ QRCode }) => (QRCode ? QRCode : null));

export const pairPhoneSchema = z
  .looseObject({ LinkingCode: z.string() })
  .transform((data) => data.LinkingCode);

export const sessionStatusSchema = z
  .looseObject({
    id: z.string(),
    name: z.string(),
    connected: z.boolean(),
    loggedIn: z.boolean(),
    jid: optionalJid,
    webhook: z.string(),
    events: eventList,
    // The code sends a string ("0"); accept a number too.
    history: z.union([z.string(), z.number()]).pipe(z.coerce.number<string | number>().int().nonnegative()),
  })
  .transform(({ id, name, connected, loggedIn, jid, webhook, events, history }) => ({
    id,
    name,
    connected,
    loggedIn,
    jid,
    webhook,
    events,
    history,
  }));
export type SessionStatus = z.output<typeof sessionStatusSchema>;

export const webhookSchema = z
  .looseObject({ webhook: z.string(), subscribe: z.array(z.string()).nullable() })
  .transform(({ webhook, subscribe }) => ({ url: webhook, events: splitEvents(subscribe ?? []) }));

export const contactsSchema = z
  .record(
    z.string(),
    z.looseObject({
      Found: z.boolean(),
      FirstName: z.string(),
      FullName: z.string(),
      PushName: z.string(),
      BusinessName: z.string(),
    }),
  )
  .transform((byJid) =>
    Object.entries(byJid).map(([jid, contact]) => ({
      jid,
      found: contact.Found,
      firstName: contact.FirstName,
      fullName: contact.FullName,
      pushName: contact.PushName,
      businessName: contact.BusinessName,
    })),
  );
export type WuzapiContact = z.output<typeof contactsSchema>[number];

export const checkSchema = z
  .looseObject({
    Users: z.array(
      z.looseObject({
        Query: z.string(),
        IsInWhatsapp: z.boolean(),
        JID: z.string(),
        VerifiedName: z.string().nullish(),
      }),
    ),
  })
  .transform(({ Users }) =>
    Users.map((user) => ({
      query: user.Query,
      isInWhatsapp: user.IsInWhatsapp,
      jid: user.JID,
      verifiedName: user.VerifiedName ? user.VerifiedName : null,
    })),
  );

export const infoSchema = z
  .looseObject({
    Users: z.record(
      z.string(),
      z.looseObject({ Status: z.string(), PictureID: z.string(), LID: optionalJid }),
    ),
  })
  .transform(({ Users }) =>
    Object.entries(Users).map(([jid, user]) => ({
      jid,
      status: user.Status,
      pictureId: user.PictureID ? user.PictureID : null,
      lid: user.LID,
    })),
  );

export const lidSchema = z
  .looseObject({ jid: z.string(), lid: z.string() })
  .transform(({ jid, lid }) => ({ jid, lid }));

export const avatarSchema = z
  .looseObject({ url: z.string(), id: z.string(), type: z.string(), direct_path: z.string() })
  .transform((avatar) => ({
    url: avatar.url,
    id: avatar.id,
    type: avatar.type,
    directPath: avatar.direct_path,
  }));

/** Unix seconds per the code; API.md documents RFC 3339, so accept both. */
const sendTimestamp = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const date = typeof value === "number" ? new Date(value * 1000) : new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "invalid timestamp" });
    return z.NEVER;
  }
  return date;
});

export const sendResultSchema = z
  .looseObject({ Id: z.string().min(1), Timestamp: sendTimestamp })
  .transform(({ Id, Timestamp }) => ({ id: Id, timestamp: Timestamp }));
export type SendResult = z.output<typeof sendResultSchema>;

const historyTimestamp = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) {
    ctx.addIssue({ code: "custom", message: "invalid timestamp" });
    return z.NEVER;
  }
  return date;
});

/** `data_json` holds the stored event JSON as text; a row with unreadable JSON keeps its other fields. */
function parseStoredEvent(value: unknown): unknown {
  if (typeof value !== "string") return value ?? null;
  try {
    return JSON.parse(value);
  } catch {
    return null;
  }
}

export const historySchema = z
  .array(
    z.looseObject({
      chat_jid: z.string(),
      sender_jid: z.string(),
      message_id: z.string(),
      timestamp: historyTimestamp,
      message_type: z.string(),
      text_content: z.string().nullish(),
      media_link: z.string().nullish(),
      quoted_message_id: z.string().nullish(),
      data_json: z.unknown().optional(),
    }),
  )
  // No rows comes back as `null`.
  .nullable()
  .transform((rows) =>
    (rows ?? []).map((row) => ({
      chatJid: row.chat_jid,
      senderJid: row.sender_jid,
      messageId: row.message_id,
      timestamp: row.timestamp,
      messageType: row.message_type,
      text: row.text_content ? row.text_content : null,
      mediaLink: row.media_link ? row.media_link : null,
      quotedMessageId: row.quoted_message_id ? row.quoted_message_id : null,
      event: parseStoredEvent(row.data_json),
    })),
  );
export type HistoryRow = z.output<typeof historySchema>[number];

const DATA_URL = /^data:([^;,]+)(?:;[^,]*)?;base64,(.*)$/s;

export const downloadSchema = z
  .looseObject({ Mimetype: z.string(), Data: z.string() })
  .transform(({ Mimetype, Data }, ctx) => {
    const match = DATA_URL.exec(Data);
    if (!match?.[2]) {
      ctx.addIssue({ code: "custom", message: "Data is not a base64 data URL", path: ["Data"] });
      return z.NEVER;
    }
    return {
      mimeType: Mimetype || (match[1] ?? "application/octet-stream"),
      data: Buffer.from(match[2], "base64"),
    };
  });
export type DownloadedMedia = z.output<typeof downloadSchema>;

export const groupInfoSchema = z
  .looseObject({
    JID: z.string(),
    Name: z.string(),
    Topic: z.string().nullish(),
    OwnerJID: optionalJid,
    Participants: z
      .array(
        z.looseObject({
          JID: z.string(),
          PhoneNumber: optionalJid,
          IsAdmin: z.boolean(),
          IsSuperAdmin: z.boolean(),
        }),
      )
      .nullish(),
  })
  .transform((group) => ({
    jid: group.JID,
    name: group.Name,
    topic: group.Topic ? group.Topic : null,
    ownerJid: group.OwnerJID,
    participants: (group.Participants ?? []).map((participant) => ({
      jid: participant.JID,
      phoneJid: participant.PhoneNumber,
      isAdmin: participant.IsAdmin,
      isSuperAdmin: participant.IsSuperAdmin,
    })),
  }));
export type WuzapiGroup = z.output<typeof groupInfoSchema>;

export const groupListSchema = z
  .looseObject({ Groups: z.array(groupInfoSchema).nullable() })
  .transform(({ Groups }) => Groups ?? []);

/** `/health` is bare JSON, not enveloped, and needs no token. */
export const healthSchema = z
  .looseObject({
    status: z.string(),
    version: z.string().optional(),
    connected_users: z.number().optional(),
    logged_in_users: z.number().optional(),
  })
  .transform((health) => ({
    status: health.status,
    version: health.version ?? null,
    connectedUsers: health.connected_users ?? null,
    loggedInUsers: health.logged_in_users ?? null,
  }));
export type WuzapiHealth = z.output<typeof healthSchema>;
