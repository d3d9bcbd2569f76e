import { useMutation } from "@tanstack/react-query";
import { api } from "@/lib/api-client";
import { queryKeys } from "@/lib/query-keys";
import { useInvalidate } from "@/lib/use-invalidate";

/** One line of the file as the server read it (`POST /api/contacts/import`). */
export type ImportRow = {
  line: number;
  status: "create" | "duplicate" | "error";
  errors: string[];
  contact: {
    name: string;
    company: string | null;
    email: string | null;
    phone: string | null;
    phoneE164: string | null;
    tag: string | null;
    notes: string | null;
  };
};

export type ImportPreview = {
  delimiter: string;
  /** Which column of the file each field was read from. */
  columns: Partial<Record<"name" | "company" | "email" | "phone" | "tag" | "notes", string>>;
  ignoredColumns: string[];
  /** Tag names the contact book doesn't have (admins may create them). */
  unknownTags: string[];
  rows: ImportRow[];
  counts: { total: number; create: number; duplicate: number; error: number };
};

export type ImportResult = ImportPreview & { inserted: number; createdTags: string[] };

type ImportRequest = { file: Blob; createTags: boolean };

/** The server insists on `text/csv`; browsers label .csv files differently (Excel's, none at all). */
const asCsv = (file: Blob) => new Blob([file], { type: "text/csv" });

const importCsv = <T>({ file, createTags }: ImportRequest, dryRun: boolean) =>
  api.post<T>("/contacts/import", asCsv(file), { query: { dryRun, createTags } });

/** Reads the file and says what would happen to each row; writes nothing. */
export function usePreviewImport() {
  return useMutation({ mutationFn: (request: ImportRequest) => importCsv<ImportPreview>(request, true) });
}

/** Adds the rows the preview marked "create". */
export function useCommitImport() {
  const invalidate = useInvalidate(
    queryKeys.contacts.all,
    queryKeys.tags.all,
    queryKeys.dashboard.all,
    queryKeys.whatsapp.contacts.all,
  );
  return useMutation({
    mutationFn: (request: ImportRequest) => importCsv<ImportResult>(request, false),
    onSuccess: invalidate,
  });
}
