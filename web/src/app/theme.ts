import type { ThemeConfig } from "antd";

/** Parley's look: antd's admin-dashboard defaults with a deep WhatsApp-like green. */
export const parleyTheme: ThemeConfig = {
  token: {
    colorPrimary: "#0e7c61",
    // antd derives greyish tints from a green this dark; these are the brand's own light shades.
    colorPrimaryBg: "#e8f5f0",
    colorPrimaryBgHover: "#d3ece3",
    colorPrimaryBorder: "#a7d8c6",
    colorPrimaryBorderHover: "#7cc4aa",
    colorInfo: "#0e7c61",
    colorLink: "#0e7c61",
    colorBgLayout: "#f3f5f7",
    borderRadius: 8,
    fontFamily:
      "Inter, -apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', sans-serif",
  },
  components: {
    Layout: {
      headerBg: "#ffffff",
      headerHeight: 56,
      headerPadding: "0 16px",
      siderBg: "#ffffff",
    },
    Menu: {
      itemBorderRadius: 8,
      itemMarginInline: 8,
      activeBarBorderWidth: 0,
    },
    Card: {
      headerFontSize: 15,
    },
  },
};
