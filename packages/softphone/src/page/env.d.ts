/** Vite handles `import './styles.css'` in the page. */
declare module '*.css';
