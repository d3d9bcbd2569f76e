import { CheckOutlined, CloseOutlined } from "@ant-design/icons";
import {
  Button,
  Card,
  Empty,
  Flex,
  Grid,
  Progress,
  Radio,
  Statistic,
  type TableColumnsType,
  Tag,
  Typography,
} from "antd";
import { useState } from "react";
import { DataTable } from "@/components/data-table";
import { useRunWithFeedback } from "@/hooks/use-run-with-feedback";
import { formatPhone } from "@/lib/format";
import type { WhatsAppContactMatchFilter } from "@/lib/query-keys";
import { useTagsById } from "@/lib/tags";
import type { Tag as TagRecord } from "@/types/api";
import type { Contact } from "../api/contacts";
import {
  type MatchCounts,
  useLinkWhatsAppContact,
  useMatchReport,
  useUnlinkWhatsAppContact,
  useWhatsAppContacts,
  type WhatsAppContact,
} from "../api/whatsapp-contacts";
import { CardTag, variantReason } from "./match-status-tag";
import { whatsAppName } from "./whatsapp-contacts-table";

type MatchReviewProps = {
  /** Opens the WhatsApp contacts list with this filter. */
  onShowList: (match: WhatsAppContactMatchFilter) => void;
};

const statistics: { key: keyof MatchCounts & WhatsAppContactMatchFilter; title: string; color?: string }[] = [
  { key: "matched", title: "Matched", color: "#389e0d" },
  { key: "variant", title: "Possible matches", color: "#d48806" },
  { key: "ambiguous", title: "Shared numbers", color: "#d46b08" },
  { key: "unmatched", title: "Not in the book" },
  { key: "groups", title: "Groups", color: "#531dab" },
];

/** A WhatsApp contact as the review lists show it: name over number. */
function WhatsAppCell({ contact }: { contact: WhatsAppContact }) {
  return (
    <Flex vertical>
      <Typography.Text strong>{whatsAppName(contact)}</Typography.Text>
      <Typography.Text type="secondary" style={{ fontSize: 12, whiteSpace: "nowrap" }}>
        {contact.phoneE164 ? formatPhone(contact.phoneE164) : "—"}
      </Typography.Text>
    </Flex>
  );
}

/** A contact-book card in one line: name, number, tag. */
function CardSummary({ card, tagsById }: { card: Contact; tagsById: Map<number, TagRecord> }) {
  return (
    <Flex gap={6} wrap align="center">
      <Typography.Text strong>{card.name}</Typography.Text>
      {card.phoneE164 && (
        <Typography.Text type="secondary" style={{ whiteSpace: "nowrap" }}>
          {formatPhone(card.phoneE164)}
        </Typography.Text>
      )}
      <CardTag tag={card.tagId === null ? undefined : tagsById.get(card.tagId)} />
      {card.company && <Typography.Text type="secondary">· {card.company}</Typography.Text>}
    </Flex>
  );
}

/** Which card a shared number belongs to, picked from the ones that have it. */
function AmbiguousChoice({
  contact,
  tagsById,
}: {
  contact: WhatsAppContact;
  tagsById: Map<number, TagRecord>;
}) {
  const [choice, setChoice] = useState<number>();
  const link = useLinkWhatsAppContact();
  const runWithFeedback = useRunWithFeedback();
  const chosen = contact.candidateContacts.find((card) => card.id === choice);
  return (
    <Flex gap={12} wrap align="flex-end" justify="space-between">
      <Radio.Group
        aria-label={`Who is ${whatsAppName(contact)}?`}
        value={choice}
        onChange={(event) => setChoice(event.target.value)}
        style={{ display: "flex", flexDirection: "column", gap: 6 }}
      >
        {contact.candidateContacts.map((card) => (
          <Radio key={card.id} value={card.id}>
            <CardSummary card={card} tagsById={tagsById} />
          </Radio>
        ))}
      </Radio.Group>
      <Button
        type="primary"
        disabled={!chosen}
        loading={link.isPending}
        onClick={() =>
          chosen &&
          runWithFeedback(
            () => link.mutateAsync({ id: contact.id, contactRefId: chosen.id }),
            `${whatsAppName(contact)} linked to ${chosen.name}`,
          )
        }
      >
        Link
      </Button>
    </Flex>
  );
}

/** How well my WhatsApp contacts match the contact book, and the suggestions waiting for a person. */
export function MatchReview({ onShowList }: MatchReviewProps) {
  const report = useMatchReport();
  const variants = useWhatsAppContacts({ q: "", match: "variant", page: 1, pageSize: 100 });
  const ambiguous = useWhatsAppContacts({ q: "", match: "ambiguous", page: 1, pageSize: 100 });
  const tagsById = useTagsById();
  const link = useLinkWhatsAppContact();
  const unlink = useUnlinkWhatsAppContact();
  const runWithFeedback = useRunWithFeedback();
  // Phones: the suggestion goes under the WhatsApp contact and the two answers stack beside it.
  const compact = Grid.useBreakpoint().md === false;

  const counts = report.data;
  const people = counts ? counts.total - counts.groups : 0;
  const percent = counts && people > 0 ? Math.round((counts.matched / people) * 100) : 0;

  const variantColumns: TableColumnsType<WhatsAppContact> = [
    {
      title: "On WhatsApp",
      key: "whatsapp",
      render: (_, contact) => {
        const card = contact.candidateContacts[0];
        return compact && card ? (
          <Flex vertical gap={4} style={{ maxWidth: 190 }}>
            <WhatsAppCell contact={contact} />
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              Suggested ({variantReason(contact.phoneE164)}):
            </Typography.Text>
            <CardSummary card={card} tagsById={tagsById} />
          </Flex>
        ) : (
          <WhatsAppCell contact={contact} />
        );
      },
    },
    {
      title: "Suggested card",
      key: "card",
      responsive: ["md"],
      render: (_, contact) => {
        const card = contact.candidateContacts[0];
        return card ? <CardSummary card={card} tagsById={tagsById} /> : "—";
      },
    },
    {
      title: "Why",
      key: "why",
      responsive: ["md"],
      render: (_, contact) => <Tag color="gold">{variantReason(contact.phoneE164)}</Tag>,
    },
    {
      title: compact ? "Same person?" : "Is it the same person?",
      key: "actions",
      fixed: compact ? undefined : "right",
      render: (_, contact) => {
        const card = contact.candidateContacts[0];
        const name = whatsAppName(contact);
        return (
          <Flex gap={8} vertical={compact}>
            <Button
              type="primary"
              size="small"
              icon={<CheckOutlined />}
              disabled={!card}
              aria-label={`Confirm ${name} is ${card?.name ?? "the suggested card"}`}
              onClick={() =>
                card &&
                runWithFeedback(
                  () => link.mutateAsync({ id: contact.id, contactRefId: card.id }),
                  `${name} linked to ${card.name}`,
                )
              }
            >
              Confirm
            </Button>
            <Button
              size="small"
              icon={<CloseOutlined />}
              aria-label={`${name} is not ${card?.name ?? "the suggested card"}`}
              onClick={() =>
                runWithFeedback(() => unlink.mutateAsync(contact.id), "Noted: Parley won't suggest it again")
              }
            >
              Not this person
            </Button>
          </Flex>
        );
      },
    },
  ];

  const ambiguousColumns: TableColumnsType<WhatsAppContact> = [
    {
      title: "On WhatsApp",
      key: "whatsapp",
      responsive: ["md"],
      render: (_, contact) => <WhatsAppCell contact={contact} />,
    },
    {
      title: "Which card is it?",
      key: "choice",
      render: (_, contact) =>
        compact ? (
          <Flex vertical gap={8} style={{ maxWidth: 300 }}>
            <WhatsAppCell contact={contact} />
            <AmbiguousChoice contact={contact} tagsById={tagsById} />
          </Flex>
        ) : (
          <AmbiguousChoice contact={contact} tagsById={tagsById} />
        ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex vertical gap={12}>
          <Flex justify="space-between" wrap gap={8}>
            <Typography.Text strong>Matched with the contact book</Typography.Text>
            {counts && (
              <Typography.Text type="secondary">
                {counts.matched.toLocaleString()} of {people.toLocaleString()} people
              </Typography.Text>
            )}
          </Flex>
          <Progress percent={percent} aria-label="Contacts matched" />
          <div
            style={{ display: "grid", gridTemplateColumns: "repeat(auto-fit, minmax(130px, 1fr))", gap: 12 }}
          >
            {statistics.map(({ key, title, color }) => (
              <Card
                key={key}
                size="small"
                hoverable
                role="button"
                tabIndex={0}
                aria-label={`${title}: ${counts?.[key] ?? 0}, show them`}
                onClick={() => onShowList(key)}
                onKeyDown={(event) => {
                  if (event.key === "Enter" || event.key === " ") {
                    event.preventDefault();
                    onShowList(key);
                  }
                }}
              >
                <Statistic
                  title={title}
                  value={counts?.[key] ?? 0}
                  loading={report.isPending}
                  styles={{ content: { color } }}
                />
              </Card>
            ))}
          </div>
        </Flex>
      </Card>

      <section aria-labelledby="variant-review-title">
        <Typography.Title level={5} id="variant-review-title">
          Possible matches
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          The same number written another way (Brazil's 9th digit, Argentina's mobile 9, Mexico's mobile 1).
          Parley never links these by itself: confirm the ones that are the same person.
        </Typography.Paragraph>
        <DataTable<WhatsAppContact>
          columns={variantColumns}
          dataSource={variants.data?.items}
          loading={variants.isFetching}
          error={variants.error}
          onRetry={() => variants.refetch()}
          pagination={false}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Nothing to review" />,
          }}
        />
      </section>

      <section aria-labelledby="ambiguous-review-title">
        <Typography.Title level={5} id="ambiguous-review-title">
          Shared numbers
        </Typography.Title>
        <Typography.Paragraph type="secondary">
          Several cards in the contact book have this number. Pick the person this WhatsApp contact is.
        </Typography.Paragraph>
        <DataTable<WhatsAppContact>
          columns={ambiguousColumns}
          dataSource={ambiguous.data?.items}
          loading={ambiguous.isFetching}
          error={ambiguous.error}
          onRetry={() => ambiguous.refetch()}
          pagination={false}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="Nothing to review" />,
          }}
        />
      </section>
    </Flex>
  );
}
