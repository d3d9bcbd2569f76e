import { Grid, Tabs } from "antd";
import { useSearchParams } from "react-router";
import { FavouritesPanel } from "@/components/favourites-panel";
import { PageHeader } from "@/components/page-header";
import { api } from "@/lib/api-client";
import type { Favourite } from "@/lib/favourites";
import type { WhatsAppContactMatchFilter } from "@/lib/query-keys";
import type { Contact } from "../api/contacts";
import { ContactBookView } from "../components/contact-book-view";
import { MatchReview } from "../components/match-review";
import { matchFilterOptions, WhatsAppContactsView } from "../components/whatsapp-contacts-view";

const views = ["book", "whatsapp", "review"] as const;
type View = (typeof views)[number];

const isView = (value: string | null): value is View => views.includes(value as View);
const isMatchFilter = (value: string | null): value is WhatsAppContactMatchFilter =>
  matchFilterOptions.some((option) => option.value === value);

/**
 * The contact book, my WhatsApp contacts and the match review, with my favourites above them.
 * Which view, which filter and which search are in the URL (`?view=whatsapp&match=variant`), so
 * reload, back and links keep them.
 */
export default function ContactsRoute() {
  const [params, setParams] = useSearchParams();
  const viewParam = params.get("view");
  const view: View = isView(viewParam) ? viewParam : "book";
  const matchParam = params.get("match");
  const match = isMatchFilter(matchParam) ? matchParam : "all";
  const q = params.get("q") ?? "";
  // Three long tab names don't fit a phone: there they are one word each.
  const isPhone = Grid.useBreakpoint().sm === false;

  const searchFor = (next: { view: View; match?: WhatsAppContactMatchFilter; q?: string }) => {
    const search = new URLSearchParams({ view: next.view });
    if (next.match && next.match !== "all") search.set("match", next.match);
    if (next.q) search.set("q", next.q);
    return `?${search}`;
  };
  const go = (next: Parameters<typeof searchFor>[0]) => setParams(searchFor(next));

  const showCard = async (card: { id: number; name?: string }) => {
    const name = card.name ?? (await api.get<{ contact: Contact }>(`/contacts/${card.id}`)).contact.name;
    go({ view: "book", q: name });
  };

  const favouriteLink = (favourite: Favourite) =>
    searchFor({ view: favourite.kind === "contact" ? "book" : "whatsapp", q: favourite.name });

  return (
    <>
      <PageHeader description="The organisation's contact book, shared by the whole team, and how your WhatsApp contacts match it." />
      <FavouritesPanel linkTo={favouriteLink} />
      <Tabs
        activeKey={view}
        onChange={(key) => go({ view: key as View })}
        items={[
          {
            key: "book",
            label: isPhone ? "Book" : "Contact book",
            children: <ContactBookView key={q} initialSearch={q} />,
          },
          {
            key: "whatsapp",
            label: isPhone ? "WhatsApp" : "My WhatsApp contacts",
            children: (
              <WhatsAppContactsView
                key={q}
                initialSearch={q}
                match={match}
                onMatchChange={(next) => go({ view: "whatsapp", match: next })}
                onShowCard={showCard}
              />
            ),
          },
          {
            key: "review",
            label: isPhone ? "Review" : "Match review",
            children: <MatchReview onShowList={(next) => go({ view: "whatsapp", match: next })} />,
          },
        ]}
        destroyOnHidden
      />
    </>
  );
}
