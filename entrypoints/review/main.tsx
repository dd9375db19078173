import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ReviewApp } from '../../components/review/ReviewApp';
import '../../components/review/review.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <ReviewApp />
  </StrictMode>,
);
