/** Plausible chat lines for generated conversations (the demo is bilingual, like the sample data). */
export const CHAT_LINES = [
  "Bom dia! Tudo bem?",
  "Can we move the meeting to 3pm?",
  "Obrigado pelo retorno 🙏",
  "I'll send the invoice today.",
  "Chego em 10 minutos",
  "Did you get my email?",
  "Pode me mandar o endereço?",
  "Sure, no problem.",
  "Qual o valor final?",
  "Thanks, that works for me!",
  "Vou verificar e te aviso",
  "Running a bit late, sorry",
  "Perfeito, combinado então",
  "Could you share the contract draft?",
  "Feliz aniversário! 🎉",
  "The package arrived this morning.",
  "Amanhã às 9h está ótimo",
  "Let me check with the team.",
  "Já fiz o pagamento",
  "See you at the office 👋",
  "Tem disponibilidade na sexta?",
  "Great news, congratulations!",
  "Pode ligar quando puder?",
  "Sending the photos now",
  "Ok 👍",
] as const;

export const REACTIONS = ["👍", "❤️", "😂", "😮", "🙏", "🎉"] as const;

export const DOCUMENT_TITLES = [
  "Invoice-2031.pdf",
  "Proposal.pdf",
  "Contract draft.pdf",
  "Menu.pdf",
  "Receipt.pdf",
];

export const PLACES = [
  {
    name: "Avenida Paulista",
    address: "Av. Paulista, 1578 - Bela Vista, São Paulo",
    latitude: -23.5614,
    longitude: -46.6559,
  },
  { name: "Copacabana", address: "Av. Atlântica, Rio de Janeiro", latitude: -22.9711, longitude: -43.1822 },
  { name: "Office", address: "10 King St, London", latitude: 51.5106, longitude: -0.1349 },
] as const;

export const BOT_REPLIES = [
  "Thanks for your message! This is an automatic reply: we will get back to you soon.",
  "Olá! Recebemos sua mensagem e responderemos em breve. (resposta automática)",
  "Hi! Our opening hours are Mon–Fri, 9am–6pm. (auto-reply)",
] as const;
