import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, onTestFailed, test } from "vitest";
import { simulatorOf, type TestApp } from "../server/test/support/app";
import { settle } from "../server/test/support/linked-number";
import {
  type BrowserSession,
  chromiumPath,
  hasChromium,
  launchSharedBrowser,
  viewports,
} from "./support/browser";
import { linkNumber, PASSWORD, signInTo, startBrowserTestServer } from "./support/link-number";
import { screenshot } from "./support/pages";

/**
 * R7/R19: ten people, each with their own number, in ten browser contexts at once. They link,
 * get their history, write with their contacts and with each other, add a contact, pin a
 * favourite; one unlinks half-way. Every message is seen exactly once where it belongs and
 * nowhere else.
 */

const USERS = 10;
/** The one who unlinks half-way; the others keep chatting. */
const LEAVER = USERS - 1;

type Person = {
  index: number;
  username: string;
  session: BrowserSession;
  page: Page;
  cookie: string;
  wuzapiUserId: string;
  /** E.164 of the linked number. */
  phone: string;
  jid: string;
  /** Chats this person may have: their phone's contacts and groups, and who wrote to them. */
  allowedJids: Set<string>;
};

/** A message sent during the test, and where it must be found: once in each of these chats. */
type Sent = { text: string; token: string; seenBy: Array<{ person: number; chatJid: string }> };

/**
 * Tokens look like `#taabqwxz`: fixed length, so no token contains another, and letters only, so
 * a chat search for one never matches a phone number's digits.
 */
const TOKEN = /#t[a-z]{7}/g;
const letters = (value: number, length: number) =>
  Array.from({ length }, (_, place) =>
    String.fromCharCode(97 + (Math.floor(value / 26 ** (length - 1 - place)) % 26)),
  ).join("");

function deferred<T>() {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

describe.skipIf(!hasChromium)(
  hasChromium ? "ten users at once" : `ten users at once (skipped: no Chromium at ${chromiumPath})`,
  () => {
    let server: TestApp;
    let url: string;
    let shared: Awaited<ReturnType<typeof launchSharedBrowser>>;
    const people: Person[] = [];
    const ledger: Sent[] = [];

    beforeAll(async () => {
      // Ten people pressing Connect at once on two cores: a pairing attempt lasts a minute.
      server = await startBrowserTestServer({ qrIntervalMs: 5_000, qrCodes: 12 });
      url = server.parley.url;
      shared = await launchSharedBrowser();
    });

    afterAll(async () => {
      await shared?.browser.close();
      await server?.close();
    });

    const control = () => simulatorOf(server);

    let tokens = 0;
    /** A message text carrying a fresh token, recorded in the ledger as seen in `seenBy`. */
    function newMessage(words: string, seenBy: Sent["seenBy"]): string {
      const token = `#t${letters(tokens++, 3)}${letters(randomBytes(4).readUInt32BE(), 4)}`;
      const text = `${words} ${token}`;
      ledger.push({ text, token, seenBy });
      return text;
    }

    const chatRows = (page: Page) => page.getByRole("navigation", { name: "Chats" }).getByRole("link");
    const messageLog = (page: Page) => page.getByRole("log", { name: "Messages" });
    const composer = (page: Page) => page.getByRole("textbox", { name: "Message" });
    /** Bubbles showing exactly this text (the chat list's preview is outside the log). */
    const bubbles = (page: Page, text: string) => messageLog(page).getByText(text, { exact: true });
    const details = (page: Page) => page.getByRole("region", { name: "Contact details" });

    async function openChatWith(page: Page, text: string) {
      await chatRows(page).filter({ hasText: text }).first().click({ timeout: 30_000 });
      await showNewest(page, text);
    }

    /**
     * Waits for the newest message's bubble. A chat should open at its newest message, but a long
     * one with tall bubbles (photos) can open higher up, where only older rows are drawn: then the
     * person scrolls down to it, as anyone would.
     */
    async function showNewest(page: Page, text: string) {
      const bubble = bubbles(page, text);
      await expect
        .poll(
          async () => {
            if ((await bubble.count()) > 0) return true;
            await messageLog(page)
              .evaluate((log) => log.scrollTo({ top: log.scrollHeight }))
              .catch(() => {});
            return false;
          },
          { timeout: 30_000 },
        )
        .toBe(true);
      await bubble.waitFor();
    }

    /** Types into the composer and waits until WhatsApp took it (a tick, not the clock). */
    async function send(page: Page, text: string) {
      // Typed once the chat has loaded, as a person would: its messages are on screen.
      await messageLog(page).waitFor();
      await composer(page).fill(text);
      await composer(page).press("Enter");
      await bubbles(page, text).waitFor();
      await messageLog(page)
        .locator(".message-row", { hasText: text })
        .getByRole("img", { name: /^(Sent|Delivered|Read)$/ })
        .waitFor({ timeout: 30_000 });
    }

    async function showDetails(page: Page) {
      if (!(await details(page).isVisible()))
        await page.getByRole("button", { name: "Show contact details" }).click();
      await details(page).waitFor();
    }

    /** A contact of the person's phone writes; the person answers in the browser. */
    async function talkWithContact(person: Person, round: number) {
      const peers = control()
        .user(person.wuzapiUserId)
        .peers.filter((peer) => !peer.bot && peer.kind === "exact" && peer.addressing === "pn");
      const peer = peers[round % peers.length];
      if (!peer) throw new Error(`${person.username}'s phone has no contact to write`);
      const seenBy = [{ person: person.index, chatJid: peer.jid }];
      const incoming = newMessage(`Hi ${person.username}, round ${round}?`, seenBy);
      control().inbound(person.wuzapiUserId, { from: peer.number, text: incoming });
      await openChatWith(person.page, incoming);
      await send(person.page, newMessage(`Hello from ${person.username}`, seenBy));
    }

    /** Someone new writes: + puts them in the contact book, and the star pins their chat. */
    async function addAndPinStranger(person: Person) {
      const stranger = `55119972849${String(10 + person.index)}`;
      person.allowedJids.add(`${stranger}@s.whatsapp.net`);
      const hello = newMessage("I found your number online", [
        { person: person.index, chatJid: `${stranger}@s.whatsapp.net` },
      ]);
      control().inbound(person.wuzapiUserId, { from: stranger, text: hello });
      const { page } = person;
      await openChatWith(page, hello);
      await showDetails(page);
      await details(page).getByRole("button", { name: "Add to the contact book" }).click();
      const form = page.getByRole("dialog", { name: "Add to the contact book" });
      await form.getByLabel("Name").fill(`Stranger of ${person.username}`);
      await form.getByRole("button", { name: "Add contact" }).click();
      await details(page).getByText("In the contact book", { exact: true }).waitFor();
      await details(page)
        .getByRole("button", { name: /^Add .* to favourites$/ })
        .click();
      await details(page)
        .getByRole("button", { name: /^Remove .* from favourites$/ })
        .waitFor();
      await page.getByText("Favourites", { exact: true }).waitFor();
      await expect
        .poll(() => chatRows(page).first().getAttribute("aria-label"))
        .toBe(`Stranger of ${person.username}`);
    }

    /** The person opens a new chat with another user's number and writes the first message. */
    async function writeTo(from: Person, to: Person) {
      const { page } = from;
      const before = page.url();
      // The chat open now, if any: its pane must be gone before typing, or the text goes into it.
      const previousLog =
        (await messageLog(page).count()) > 0 ? await messageLog(page).elementHandle() : null;
      await page.getByRole("button", { name: "New chat" }).click();
      const dialog = page.getByRole("dialog", { name: "New chat" });
      await dialog.getByLabel("Phone number").fill(to.phone);
      await dialog.getByRole("button", { name: "Open chat" }).click();
      await dialog.waitFor({ state: "detached" });
      await page.waitForURL((address) => address.href !== before && /\/chats\/\d+$/.test(address.pathname));
      await previousLog?.waitForElementState("hidden");
      await composer(page).waitFor();
      const text = newMessage(`${from.username} to ${to.username}`, [
        { person: from.index, chatJid: to.jid },
        { person: to.index, chatJid: from.jid },
      ]);
      await send(page, text);
      return text;
    }

    /** The other user finds the message in their list, opens it, and answers. */
    async function answer(to: Person, from: Person, text: string) {
      await openChatWith(to.page, text);
      const reply = newMessage(`${to.username} answers ${from.username}`, [
        { person: to.index, chatJid: from.jid },
        { person: from.index, chatJid: to.jid },
      ]);
      await send(to.page, reply);
      return reply;
    }

    /**
     * Each pair talks once: the first writes, the second finds it and answers, the first sees the
     * answer. A person's steps run one after another on their page; everyone's run at once.
     */
    async function converse(pairs: Array<[number, number]>) {
      const steps = new Map<number, Array<() => Promise<unknown>>>();
      const queue = (person: number, step: () => Promise<unknown>) =>
        steps.set(person, [...(steps.get(person) ?? []), step]);
      const exchanges = pairs.map(([a, b]) => ({
        from: people[a] as Person,
        to: people[b] as Person,
        written: deferred<string>(),
        answered: deferred<string>(),
      }));
      for (const { from, to, written } of exchanges)
        queue(from.index, async () => written.resolve(await writeTo(from, to)));
      for (const { from, to, written, answered } of exchanges)
        queue(to.index, async () => answered.resolve(await answer(to, from, await written.promise)));
      for (const { from, answered } of exchanges)
        queue(from.index, async () => openChatWith(from.page, await answered.promise));
      await Promise.all(
        [...steps.values()].map(async (mine) => {
          for (const step of mine) await step();
        }),
      );
    }

    /** Every chat the person's API lists, all pages. */
    async function allChats(person: Person) {
      const chats: Array<{ id: number; jid: string }> = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const response = await server.call(person.cookie, "GET", `/api/chats?limit=100${query}`);
        expect(response.statusCode).toBe(200);
        const page = response.json() as {
          items: Array<{ id: number; jid: string }>;
          nextCursor: string | null;
        };
        chats.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      return chats;
    }

    /** No token of someone else's messages anywhere on the person's screen. */
    async function expectOnlyOwnTokens(person: Person) {
      const own = new Set(
        ledger
          .filter((sent) => sent.seenBy.some((where) => where.person === person.index))
          .map((sent) => sent.token),
      );
      const onScreen = ((await person.page.locator("body").textContent()) ?? "").match(TOKEN) ?? [];
      expect(
        onScreen.filter((token) => !own.has(token)),
        `${person.username} sees others' messages`,
      ).toEqual([]);
    }

    test("ten users link, get their history, chat with contacts and each other; one unlinks half-way", async () => {
      // The sample has two agents; the admin adds the rest of the team.
      const admin = await server.login("alice");
      const usernames = ["bruno", "chen"];
      for (let n = usernames.length; n < USERS; n++) {
        const username = `agent${n}`;
        const created = await server.call(admin, "POST", "/api/users", {
          username,
          fullName: `Agent ${n}`,
          role: "agent",
          password: PASSWORD,
        });
        expect(created.statusCode, created.body).toBe(201);
        usernames.push(username);
      }

      // Everyone signs in and links at the same time, each in their own context of one browser.
      const sessions: BrowserSession[] = [];
      // What each screen showed when something went wrong, and what the browsers complained about.
      onTestFailed(async () => {
        await Promise.all(
          sessions.map((session, index) => screenshot(session.page, `ten-users-failed-${usernames[index]}`)),
        );
        for (const [index, session] of sessions.entries())
          if (session.errors.length > 0) console.error(usernames[index], session.errors);
      });
      const linked = await Promise.all(
        usernames.map(async (username, index) => {
          const session = await shared.openSession(viewports.desktop);
          sessions[index] = session;
          await signInTo(session.page, url, username, "/whatsapp");
          await linkNumber(session.page);
          // The history comes in after linking; the page shows when it is all in.
          await session.page.getByText("Import finished").waitFor({ timeout: 60_000 });
          return { username, index, session };
        }),
      );
      await settle(server, control());
      for (const { username, index, session } of linked) {
        const cookie = await server.login(username);
        const account = (await server.call(cookie, "GET", "/api/whatsapp/account")).json().account;
        expect(account).toMatchObject({ state: "connected", import: { state: "done" } });
        const me = (await server.call(cookie, "GET", "/api/me")).json().user;
        const row = await server.services.accounts.findByUserId(me.id);
        const wuzapiUserId = row?.wuzapi_user_id as string;
        const phone = account.phoneE164 as string;
        const snapshot = control().user(wuzapiUserId);
        people.push({
          index,
          username,
          session,
          page: session.page,
          cookie,
          wuzapiUserId,
          phone,
          jid: `${phone.slice(1)}@s.whatsapp.net`,
          allowedJids: new Set([
            ...snapshot.peers.map((peer) => peer.jid),
            ...snapshot.groups.map((group) => group.jid),
          ]),
        });
      }
      expect(new Set(people.map((person) => person.phone)).size).toBe(USERS);
      const person = (index: number) => people[index] as Person;
      // The history is in every chat list.
      await Promise.all(
        people.map(async ({ page }) => {
          await page.getByRole("menuitem", { name: "Chats" }).click();
          await page.waitForURL(`${url}/chats`);
          await chatRows(page).nth(3).waitFor();
        }),
      );

      // Round 1: everyone talks with a contact, adds and pins a stranger, and writes to the next user.
      const ring = people.map((p): [number, number] => [p.index, (p.index + 1) % USERS]);
      for (const [a, b] of ring) {
        person(a).allowedJids.add(person(b).jid);
        person(b).allowedJids.add(person(a).jid);
      }
      await Promise.all(
        people.map(async (p) => {
          await talkWithContact(p, 0);
          await addAndPinStranger(p);
        }),
      );
      await converse(ring);
      await Promise.all(people.map(expectOnlyOwnTokens));

      // Round 2: one user unlinks while the other nine keep chatting, now with someone else.
      const leaver = person(LEAVER);
      const stayers = people.filter((p) => p.index !== LEAVER);
      const skip = stayers.map((p): [number, number] => [
        p.index,
        (stayers[(stayers.indexOf(p) + 3) % stayers.length] as Person).index,
      ]);
      for (const [a, b] of skip) {
        person(a).allowedJids.add(person(b).jid);
        person(b).allowedJids.add(person(a).jid);
      }
      const unlinking = (async () => {
        const { page } = leaver;
        await page.getByRole("menuitem", { name: "WhatsApp" }).click();
        await page.waitForURL(`${url}/whatsapp`);
        await page.getByRole("button", { name: "Unlink" }).click();
        await page
          .getByRole("dialog", { name: "Unlink this number?" })
          .getByRole("button", { name: "Unlink" })
          .click();
        await page.getByRole("button", { name: /(^|\s)Connect$/ }).waitFor();
      })();
      await Promise.all([
        unlinking,
        (async () => {
          await Promise.all(stayers.map((p) => talkWithContact(p, 1)));
          await converse(skip);
        })(),
      ]);
      await settle(server, control());

      // The leaver sees their number unlinked; everyone else is still connected.
      expect(await leaver.page.getByRole("button", { name: /Disconnect$/ }).count()).toBe(0);
      expect((await server.call(leaver.cookie, "GET", "/api/whatsapp/account")).json().account.state).toBe(
        "new",
      );
      for (const p of stayers)
        expect((await server.call(p.cookie, "GET", "/api/whatsapp/account")).json().account.state).toBe(
          "connected",
        );
      await leaver.page.getByRole("menuitem", { name: "Chats" }).click();
      await leaver.page.getByRole("button", { name: "New chat" }).waitFor();
      expect(await leaver.page.getByRole("button", { name: "New chat" }).isDisabled()).toBe(true);

      // Every message once in each chat it belongs to (API), and nowhere else: a search for "#t"
      // finds every chat holding any token, and each token must be in exactly the expected ones.
      await settle(server, control());
      for (const p of people) {
        const expected = ledger
          .flatMap((sent) =>
            sent.seenBy.filter((where) => where.person === p.index).map((where) => ({ ...where, sent })),
          )
          .map((where) => `${where.chatJid} ${where.sent.text}`)
          .sort();
        const withTokens = (
          await server.call(p.cookie, "GET", `/api/chats?limit=100&q=${encodeURIComponent("#t")}`)
        ).json().items as Array<{ id: number; jid: string }>;
        const found: string[] = [];
        for (const chat of withTokens) {
          const messages = (
            await server.call(p.cookie, "GET", `/api/chats/${chat.id}/messages?limit=100`)
          ).json().items as Array<{ text: string | null }>;
          for (const { text } of messages) if (text?.match(TOKEN)) found.push(`${chat.jid} ${text}`);
        }
        expect(found.sort(), `messages with a token in ${p.username}'s chats`).toEqual(expected);
      }

      // Each chat list holds the person's own chats only: their account's, with their phone's people.
      const chatIdsSeen = new Set<number>();
      for (const p of people) {
        const chats = await allChats(p);
        const accountId = (
          await server.services.accounts.findByUserId(
            (await server.call(p.cookie, "GET", "/api/me")).json().user.id,
          )
        )?.id;
        const owners = await server.services.database.db
          .selectFrom("chat")
          .select("account_id")
          .distinct()
          .where(
            "id",
            "in",
            chats.map((chat) => chat.id),
          )
          .execute();
        expect(owners.map((owner) => owner.account_id)).toEqual([accountId]);
        expect(chats.filter((chat) => !p.allowedJids.has(chat.jid)).map((chat) => chat.jid)).toEqual([]);
        for (const chat of chats) {
          expect(chatIdsSeen.has(chat.id)).toBe(false);
          chatIdsSeen.add(chat.id);
        }
        // Another user's chat id is not found.
        const other = person((p.index + 5) % USERS);
        const foreign = (await allChats(other))[0];
        expect((await server.call(p.cookie, "GET", `/api/chats/${foreign?.id}`)).statusCode).toBe(404);
      }

      // Every message once in each chat on screen, and no one else's token on anyone's screen.
      await Promise.all(
        people.map(async (p) => {
          const chats = await allChats(p);
          const mine = ledger.flatMap((sent) =>
            sent.seenBy.filter((where) => where.person === p.index).map((where) => ({ ...where, sent })),
          );
          const search = p.page.getByRole("textbox", { name: "Search chats" });
          for (const jid of new Set(mine.map((where) => where.chatJid))) {
            // Found the way a person finds a message: searching the chat list for its words.
            const inChat = mine.filter((where) => where.chatJid === jid);
            const chatId = chats.find((chat) => chat.jid === jid)?.id;
            await search.fill(inChat[0]?.sent.token ?? "");
            await p.page
              .getByRole("navigation", { name: "Chats" })
              .locator(`a[href="/chats/${chatId}"]`)
              .click({ timeout: 30_000 });
            await p.page.waitForURL(`${url}/chats/${chatId}`);
            for (const { sent } of inChat) {
              await showNewest(p.page, sent.text);
              expect(await bubbles(p.page, sent.text).count(), `${sent.text} for ${p.username}`).toBe(1);
            }
            await expectOnlyOwnTokens(p);
          }
        }),
      );

      await screenshot(person(0).page, "ten-users-first");
      await screenshot(person(4).page, "ten-users-fifth");
      await leaver.page.goto(`${url}/whatsapp`);
      await leaver.page.getByRole("button", { name: /(^|\s)Connect$/ }).waitFor();
      await screenshot(leaver.page, "ten-users-unlinked");
      for (const p of people) expect(p.session.errors, p.username).toEqual([]);
    }, 480_000);
  },
);
