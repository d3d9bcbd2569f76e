/** Domain types shared by several features; feature-only shapes live next to their API calls. */

export type Role = "admin" | "agent";

/** The signed-in user (`GET /api/me`). */
export type Me = {
  id: number;
  username: string;
  fullName: string;
  email: string | null;
  role: Role;
};

export type Tag = {
  id: number;
  name: string;
  color: string;
  contactCount: number;
};

export type WhatsAppState = "none" | "new" | "qr" | "connected" | "disconnected" | "logged_out" | "error";
