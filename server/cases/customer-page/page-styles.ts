/**
 * @module server/cases/customer-page/page-styles
 * The look of the customer's pages behind a case link (the case and the
 * "this link does not work" page): one column that fits a phone, the
 * recorder's blue, large touch targets, visible focus.
 */
export const pageStyles = `
  *, *::before, *::after { box-sizing: border-box; }
  body { margin: 0; font: 16px/1.5 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif;
    background: #f3f4f6; color: #111827; -webkit-font-smoothing: antialiased; }
  main { max-width: 720px; margin: 0 auto; padding: 24px 16px 40px; }
  h1 { font-size: 24px; line-height: 1.25; margin: 0 0 8px; }
  h2 { font-size: 18px; margin: 0 0 12px; }
  p { margin: 0 0 8px; }
  a { color: #1d4ed8; }
  .eyebrow { font-size: 13px; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; color: #6b7280; margin: 0 0 12px; }
  .card { background: #fff; border: 1px solid #e5e7eb; border-radius: 14px; padding: 20px; margin: 0 0 16px;
    box-shadow: 0 1px 3px rgb(17 24 39 / .06); }
  .question__text { margin: 12px 0 0; padding: 12px 14px; border-left: 4px solid #2563eb; background: #f9fafb;
    border-radius: 0 10px 10px 0; white-space: pre-wrap; overflow-wrap: anywhere; }
  .facts { display: flex; flex-wrap: wrap; gap: 8px 16px; margin: 0; font-size: 14px; color: #4b5563; }
  .status { display: inline-flex; align-items: center; gap: 8px; padding: 4px 12px; border-radius: 999px;
    font-size: 14px; font-weight: 600; background: #eef2ff; color: #3730a3; }
  .status::before { content: ''; width: 8px; height: 8px; border-radius: 50%; background: currentColor; }
  .status--waiting_on_customer { background: #ecfdf5; color: #047857; }
  .status--resolved { background: #f3f4f6; color: #374151; }
  .status--new { background: #fffbeb; color: #b45309; }
  .thread { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: 12px; }
  .msg { border-radius: 14px; padding: 14px 16px; border: 1px solid #e5e7eb; background: #fff; max-width: 100%; }
  .msg--customer { background: #eff6ff; border-color: #bfdbfe; margin-left: 32px; }
  .msg--advisor { margin-right: 32px; }
  .msg__meta { display: flex; flex-wrap: wrap; align-items: center; gap: 4px 8px; font-size: 13px; color: #6b7280; margin-bottom: 6px; }
  .msg__author { font-weight: 600; color: #111827; }
  .msg__kind { font-size: 12px; font-weight: 600; padding: 1px 8px; border-radius: 999px; background: #eef2ff; color: #3730a3; }
  .msg__body { white-space: pre-wrap; overflow-wrap: anywhere; }
  .attachments { list-style: none; margin: 10px 0 0; padding: 0; display: flex; flex-direction: column; gap: 8px; }
  .attachment video { display: block; width: 100%; max-height: 70vh; border-radius: 10px; background: #111827; }
  .attachment--link a { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; overflow-wrap: anywhere; }
  .msg__tutorials { display: flex; flex-direction: column; gap: 12px; margin: 12px 0 0; }
  .msg__tutorials cobrowse-tutorial { display: block; min-width: 0; }
  .attachment--session { font-size: 14px; color: #4b5563; }
  .empty { color: #4b5563; margin: 0; }
  label { display: block; font-weight: 600; margin: 0 0 6px; }
  textarea { display: block; width: 100%; min-height: 110px; padding: 10px 12px; border: 1px solid #d1d5db; border-radius: 10px;
    font: inherit; color: inherit; background: #fff; resize: vertical; }
  textarea:focus { outline: none; border-color: #2563eb; box-shadow: 0 0 0 3px rgb(37 99 235 / .25); }
  .actions { display: flex; flex-wrap: wrap; align-items: center; gap: 12px; margin-top: 12px; }
  button { display: inline-flex; align-items: center; justify-content: center; min-height: 44px; padding: 0 20px; border: 0;
    border-radius: 999px; font: inherit; font-size: 15px; font-weight: 600; line-height: 1; cursor: pointer; background: #2563eb; color: #fff; }
  button:hover { background: #1d4ed8; }
  button:disabled { opacity: .6; cursor: default; }
  button.secondary { background: #fff; color: #111827; border: 1px solid #d1d5db; }
  button.secondary:hover { background: #f3f4f6; }
  button:focus-visible, a:focus-visible, textarea:focus-visible { outline: 3px solid #93c5fd; outline-offset: 2px; }
  .hint { font-size: 14px; color: #6b7280; margin: 12px 0 0; }
  .note { font-size: 14px; color: #4b5563; }
  .out { margin: 12px 0 0; }
  .out:empty { display: none; }
  .out--error { color: #b42318; }
  .answer { padding: 12px 14px; border-radius: 10px; background: #f9fafb; border: 1px solid #e5e7eb; }
  .answer--online { background: #ecfdf5; border-color: #a7f3d0; }
  footer { font-size: 13px; color: #6b7280; text-align: center; margin-top: 24px; }
  @media (max-width: 480px) {
    main { padding: 16px 12px 32px; }
    .card { padding: 16px; }
    .msg--customer { margin-left: 12px; }
    .msg--advisor { margin-right: 12px; }
    .actions button { flex: 1; }
  }
`;
